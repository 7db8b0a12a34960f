using LoadGen.Measure;
using LoadGen.Suite;

namespace LoadGen.Scenarios;

/// <summary>
/// Scenario 2: the server's resident memory per idle connection. On a freshly started, warmed-up and idle server
/// the RSS is read, <c>count</c> clients connect and join a room, the connections sit idle for the settle time
/// (no traffic but what the server itself sends), and the RSS is read again: (after − before) / count.
/// </summary>
internal static class MemoryScenario
{
    public static async Task<RunMetrics> RunAsync(RunContext ctx, int count)
    {
        var m = new RunMetrics();
        var before = ProcStats.RssKb(ctx.ServerPid);
        var opened = await Clients.OpenAsync(ctx, count, ctx.Profile.ConnectConcurrency, Transport.WebSocket, i => $"m{i % 100}");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(ctx.Profile.MemorySettleSeconds));
            var after = ProcStats.RssKb(ctx.ServerPid);
            var held = opened.Clients.Count(c => !c.IsClosed);
            m["rss_kb_per_conn"] = (after - before) / (double)Math.Max(1, held);
            m["rss_mb_idle"] = before / 1024.0;
            m["rss_mb_loaded"] = after / 1024.0;
            m["failed"] = count - held;
            if (opened.FirstError is not null) m.Notes.Add($"{opened.Failures} of {count} failed, first: {opened.FirstError}");
        }
        finally
        {
            await Clients.CloseAllAsync(opened.Clients);
        }
        return m;
    }
}
