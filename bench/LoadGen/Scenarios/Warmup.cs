using LoadGen.Suite;

namespace LoadGen.Scenarios;

/// <summary>
/// Exercises every path a scenario will measure (connect + join, echo over both transports, room emits) on a fresh
/// server, so JIT compilation and tiering (.NET) or V8 optimisation (Node) happen before the measurements, not in
/// them. Results are discarded.
/// </summary>
internal static class Warmup
{
    /// <summary>Runs the warm-up; returns what went wrong in it (empty when all went well).</summary>
    public static async Task<List<string>> RunAsync(RunContext ctx)
    {
        var p = ctx.Profile;
        var small = p with
        {
            EchoClients = Math.Min(p.EchoClients, 20),
            EchoSeconds = p.WarmupSeconds,
            PollingClients = Math.Min(p.PollingClients, 5),
            PollingSeconds = p.WarmupSeconds,
            FanOutRate = 1000,
            FanOutSeconds = p.WarmupSeconds,
            FanOutBurstSeconds = p.WarmupSeconds,
        };
        var warm = new RunContext { Server = ctx.Server, Profile = small, Http = ctx.Http, Namespace = ctx.Namespace };
        // Enough rounds that the hot methods reach the optimised tier (after ~30 calls plus a back-off on .NET).
        // A failing step is reported, not fatal: the measured cases then show what breaks, case by case.
        var failures = new List<string>();
        for (var round = 0; round < 2; round++)
        {
            await Step("echo", () => EchoScenario.RunAsync(warm, Transport.WebSocket, rate: 0));
            if (ctx.Raw) continue;
            await Step("connect", () => ConnectScenario.RunAsync(warm, p.WarmupClients));
            await Step("fanout", () => FanOutScenario.RunAsync(warm, new FanOutShape(2, Math.Max(2, p.WarmupClients / 4), 10)));
            await Step("polling", () => EchoScenario.RunAsync(warm, Transport.Polling, rate: 0));
        }
        return failures.Distinct().ToList();

        async Task Step(string name, Func<Task<RunMetrics>> step)
        {
            try
            {
                var m = await step();
                failures.AddRange(m.Notes.Select(n => $"warm-up {name}: {n}"));
            }
            catch (Exception e)
            {
                failures.Add($"warm-up {name} failed: {e.GetType().Name}: {e.Message}");
            }
        }
    }
}
