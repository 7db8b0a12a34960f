using LoadGen.Scenarios;

namespace LoadGen.Suite;

/// <summary>
/// Runs the whole suite: for each server, start it pinned, check the contract, warm it up, run every case
/// <c>Runs</c> times (waiting for the server to be idle between runs), stop it. The memory scenario starts a fresh
/// server for every run, so each run measures connections added to the same clean process state.
/// </summary>
internal sealed class SuiteRunner(SuiteOptions options, TextWriter console)
{
    private readonly Profile _profile = options.Profile;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };
    private readonly ResultsFile _results = new();
    private static readonly DateTime Started = DateTime.UtcNow;
    private readonly string _logDir = Path.Combine(options.OutputDirectory, "logs", Started.ToString("yyyyMMdd-HHmmss"));

    public async Task<ResultsFile> RunAsync()
    {
        _results.Timestamp = Started.ToString("O");
        _results.Profile = _profile.Name;
        _results.Machine = await MachineProbe.DescribeAsync(options.ServerCpus);
        var specs = ServerSpec.All(options.RepoRoot).Where(s => options.Servers.Contains(s.Name)).ToList();
        foreach (var spec in specs)
        {
            _results.Servers[spec.Name] = new ServerInfo
            {
                Kind = spec.Kind.ToString(),
                Description = spec.Description,
                // Paths relative to the repository, so a results file names no folder of the machine it ran on.
                Command = $"taskset -c {options.ServerCpus} {spec.FileName} {string.Join(' ', spec.Arguments)}"
                    .Replace(options.RepoRoot.TrimEnd('/') + "/", ""),
            };
            await RunServerAsync(spec);
            if (spec.Kind == ServerKind.SocketIO && Wants("memory")) await RunMemoryAsync(spec);
        }
        _results.Ratios = Ratios.Compute(_results.Results, ours: "tether", theirs: "node");
        return _results;
    }

    private bool Wants(string scenario) => options.Scenarios.Contains(scenario);

    private async Task RunServerAsync(ServerSpec spec)
    {
        var cases = PlanCases(spec).ToList();
        if (cases.Count == 0) return;
        ServerProcess? server = null;
        try
        {
            server = await StartWarmAsync(spec, checkContract: spec.Kind == ServerKind.SocketIO);
            foreach (var (scenario, caseName, run) in cases)
                server = await RunCaseAsync(spec, server, scenario, caseName, run);
        }
        catch (Exception e)
        {
            Log($"  {spec.Name}: could not run: {e.Message}");
            foreach (var (scenario, caseName, _) in cases) Result(scenario, caseName, spec.Name).Notes.Add("not run: " + e.Message);
        }
        finally
        {
            if (server is not null) await server.DisposeAsync();
        }
    }

    private IEnumerable<(string Scenario, string Case, Func<RunContext, Task<RunMetrics>> Run)> PlanCases(ServerSpec spec)
    {
        if (spec.Kind == ServerKind.SocketIO)
        {
            if (Wants("connect"))
                foreach (var c in _profile.ConnectCounts)
                    yield return ("connect", $"C={c}", ctx => ConnectScenario.RunAsync(ctx, c));
            if (Wants("fanout"))
                foreach (var shape in _profile.FanOutShapes)
                    yield return ("fanout", $"{shape.Name} burst={shape.Burst} rate={_profile.FanOutRate}/s", ctx => FanOutScenario.RunAsync(ctx, shape));
        }
        if (Wants("echo"))
        {
            foreach (var rate in _profile.EchoRates)
                yield return ("echo", $"ws rate={rate}/s", ctx => EchoScenario.RunAsync(ctx, Transport.WebSocket, rate));
            yield return ("echo", $"ws saturation c={_profile.EchoClients}x{_profile.EchoWindow}", ctx => EchoScenario.RunAsync(ctx, Transport.WebSocket, 0));
        }
        if (spec.Kind == ServerKind.SocketIO && Wants("polling"))
        {
            foreach (var rate in _profile.PollingRates)
                yield return ("polling", $"polling rate={rate}/s", ctx => EchoScenario.RunAsync(ctx, Transport.Polling, rate));
            yield return ("polling", $"polling saturation c={_profile.PollingClients}x{_profile.PollingWindow}", ctx => EchoScenario.RunAsync(ctx, Transport.Polling, 0));
        }
    }

    private async Task RunMemoryAsync(ServerSpec spec)
    {
        var fdLimit = _results.Machine.FdLimit;
        foreach (var wanted in _profile.MemoryCounts)
        {
            // Each connection costs a descriptor in the server and one in the generator; keep headroom for the rest.
            var count = fdLimit > 0 ? (int)Math.Min(wanted, fdLimit - 300) : wanted;
            var caseName = count == wanted ? $"C={count}" : $"C={count} (fd limit {fdLimit}, wanted {wanted})";
            for (var run = 1; run <= _profile.Runs; run++)
            {
                ServerProcess? server = null;
                try
                {
                    server = await StartWarmAsync(spec, checkContract: false);
                    // Let the warm-up's background work (tier-1 JIT, V8 optimisation), garbage and timers settle first.
                    await Task.Delay(TimeSpan.FromSeconds(_profile.MemoryBaselineSettleSeconds));
                    await RunOnceAsync(spec, server, "memory", caseName, run, ctx => MemoryScenario.RunAsync(ctx, count));
                }
                catch (Exception e)
                {
                    Result("memory", caseName, spec.Name).Notes.Add($"run {run}: {e.Message}");
                }
                finally
                {
                    if (server is not null) await server.DisposeAsync();
                }
            }
        }
    }

    private async Task<ServerProcess> RunCaseAsync(ServerSpec spec, ServerProcess server, string scenario, string caseName,
        Func<RunContext, Task<RunMetrics>> run)
    {
        for (var i = 1; i <= _profile.Runs; i++)
        {
            if (server.HasExited)
            {
                Result(scenario, caseName, spec.Name).Notes.Add($"run {i}: the server had exited; restarted it");
                Log($"  {spec.Name} exited (see {_logDir}); restarting");
                await server.DisposeAsync();
                server = await StartWarmAsync(spec, checkContract: false);
            }
            await RunOnceAsync(spec, server, scenario, caseName, i, run);
        }
        return server;
    }

    private async Task RunOnceAsync(ServerSpec spec, ServerProcess server, string scenario, string caseName, int run,
        Func<RunContext, Task<RunMetrics>> body)
    {
        var result = Result(scenario, caseName, spec.Name);
        var ctx = Context(server);
        try
        {
            var metrics = await body(ctx);
            foreach (var (metric, value) in metrics.Values)
                (result.RunValues.TryGetValue(metric, out var list) ? list : result.RunValues[metric] = new()).Add(value);
            foreach (var note in metrics.Notes) result.Notes.Add($"run {run}: {note}");
            Log($"  {spec.Name,-10} {scenario,-8} {caseName,-36} run {run}: {Brief(metrics)}");
        }
        catch (Exception e)
        {
            result.Notes.Add($"run {run} failed: {e.GetType().Name}: {e.Message}");
            Log($"  {spec.Name,-10} {scenario,-8} {caseName,-36} run {run}: FAILED {e.GetType().Name}: {e.Message}");
        }
        var left = await server.WaitIdleAsync(_http, TimeSpan.FromSeconds(15));
        if (left != 0) result.Notes.Add($"run {run}: server still reported {left} clients 15 s after the run");
        result.Summarise();
    }

    private async Task<ServerProcess> StartWarmAsync(ServerSpec spec, bool checkContract)
    {
        var log = Path.Combine(_logDir, spec.Name + ".log");
        Log($"{spec.Name}: starting ({spec.Description}), log {log}");
        var server = await ServerProcess.StartAsync(spec, options.ServerCpus, log, _http);
        var ctx = Context(server);
        CaseResult Contract() => Result("contract", "bench contract", spec.Name);
        if (checkContract)
        {
            var failures = await ContractCheck.RunAsync(ctx);
            var note = failures.Count == 0 ? "contract: ok" : "contract FAILED: " + string.Join("; ", failures);
            Log($"  {spec.Name}: {note}");
            Contract().Notes.Add(note);
            Contract().RunValues["failed_checks"] = [failures.Count];
            Contract().Summarise();
        }
        foreach (var problem in await Warmup.RunAsync(ctx))
        {
            Log($"  {spec.Name}: {problem}");
            Contract().Notes.Add(problem);
        }
        await server.WaitIdleAsync(_http, TimeSpan.FromSeconds(15));
        return server;
    }

    private RunContext Context(ServerProcess server) => new() { Server = server, Profile = _profile, Http = _http };

    private CaseResult Result(string scenario, string caseName, string server)
    {
        var r = _results.Results.FirstOrDefault(x => x.Scenario == scenario && x.Case == caseName && x.Server == server);
        if (r is null) _results.Results.Add(r = new CaseResult { Scenario = scenario, Case = caseName, Server = server });
        return r;
    }

    private static string Brief(RunMetrics m) =>
        string.Join("  ", m.Values.Select(kv => $"{kv.Key}={Format.Number(kv.Value)}"));

    private void Log(string line)
    {
        lock (console) console.WriteLine(line);
    }
}
