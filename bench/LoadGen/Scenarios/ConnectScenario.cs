using LoadGen.Measure;
using LoadGen.Suite;

namespace LoadGen.Scenarios;

/// <summary>
/// Scenario 1: <c>count</c> clients open a WebSocket, connect to /video and join a room, with a fixed number in
/// flight. Measures connections per second, each client's connect-to-join-ack time, and the server CPU per
/// connection over the connect phase (teardown is not counted).
/// </summary>
internal static class ConnectScenario
{
    public static async Task<RunMetrics> RunAsync(RunContext ctx, int count)
    {
        var m = new RunMetrics();
        var times = new LatencySamples(count);
        var cpu = CpuWindow.Start(ctx.ServerPid);
        var opened = await Clients.OpenAsync(ctx, count, ctx.Profile.ConnectConcurrency, Transport.WebSocket,
            i => $"c{i % 100}", times);
        var spent = cpu.Stop();
        try
        {
            m["conn_per_s"] = times.Count / spent.WallSeconds;
            m["connect_p50_ms"] = times.PercentileMs(50);
            m["connect_p99_ms"] = times.PercentileMs(99);
            m["server_cpu_us_per_conn"] = spent.ServerUs / Math.Max(1, times.Count);
            m["gen_cpu_pct"] = spent.GeneratorPercent;
            m["failed"] = opened.Failures;
            if (opened.FirstError is not null) m.Notes.Add($"{opened.Failures} of {count} failed, first: {opened.FirstError}");
        }
        finally
        {
            await Clients.CloseAllAsync(opened.Clients);
        }
        return m;
    }
}
