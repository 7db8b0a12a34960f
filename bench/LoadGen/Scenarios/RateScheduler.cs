using LoadGen.Measure;

namespace LoadGen.Scenarios;

/// <summary>
/// Fires <c>count</c> actions at a fixed rate (open loop: the schedule never waits for replies, so a slow server
/// cannot slow the offered load down). Runs on the calling thread — call it from a dedicated thread or accept the
/// block. Between due actions it sleeps 1 ms, so actions leave in small bursts of rate/1000.
/// </summary>
internal static class RateScheduler
{
    /// <summary>Runs the schedule; returns the achieved rate (actions per second over the schedule's length).</summary>
    public static double Run(int count, double perSecond, Action<int> action)
    {
        var intervalUs = 1_000_000.0 / perSecond;
        var start = Clock.NowUs();
        var i = 0;
        while (i < count)
        {
            var due = (long)((Clock.NowUs() - start) / intervalUs) + 1;
            for (; i < count && i < due; i++) action(i);
            if (i < count) Thread.Sleep(1);
        }
        return count / Math.Max(1e-6, (Clock.NowUs() - start) / 1e6);
    }

    /// <summary>Runs the schedule on a new dedicated thread so the thread pool stays free for receiving.</summary>
    public static Task<double> RunOnThreadAsync(int count, double perSecond, Action<int> action)
    {
        var tcs = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { tcs.SetResult(Run(count, perSecond, action)); }
            catch (Exception e) { tcs.SetException(e); }
        }) { IsBackground = true, Name = "rate-scheduler" };
        thread.Start();
        return tcs.Task;
    }
}
