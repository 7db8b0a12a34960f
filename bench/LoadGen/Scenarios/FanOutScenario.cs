using LoadGen.Measure;
using LoadGen.Net;
using LoadGen.Suite;

namespace LoadGen.Scenarios;

/// <summary>
/// Scenario 3: server-side emits into rooms (<c>POST /bench/emit</c>, as a controller emits resource-uploaded).
/// Burst phase: every room gets <c>Burst</c> messages at once, in rounds; deliveries/s and server CPU per delivery
/// are taken from the first POST to the last delivery. Rate phase: single-message emits at a fixed delivery rate, latency from
/// the <c>ts</c> stamped just before each POST to the delivery (so it includes the HTTP request, as for a real
/// controller).
/// </summary>
internal sealed class FanOutScenario
{
    private const int PostConcurrency = 4;
    private static readonly byte[] EventPrefix = "[\"resource-uploaded\""u8.ToArray();

    private readonly RunContext _ctx;
    private readonly FanOutShape _shape;
    private long _received;
    private long _expected;
    private LatencySamples? _latency;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FanOutScenario(RunContext ctx, FanOutShape shape)
    {
        _ctx = ctx;
        _shape = shape;
    }

    public static Task<RunMetrics> RunAsync(RunContext ctx, FanOutShape shape) => new FanOutScenario(ctx, shape).RunAsync();

    private async Task<RunMetrics> RunAsync()
    {
        var m = new RunMetrics();
        var members = _shape.Members;
        var opened = await Clients.OpenAsync(_ctx, _shape.Rooms * members, _ctx.Profile.ConnectConcurrency, Transport.WebSocket,
            i => SessionId(i / members));
        try
        {
            if (opened.Failures > 0) m.Notes.Add($"{opened.Failures} clients failed to join, first: {opened.FirstError}");
            foreach (var c in opened.Clients) c.OnPacket = OnPacket;
            await BurstAsync(m);
            await RatePhaseAsync(m);
        }
        finally
        {
            await Clients.CloseAllAsync(opened.Clients);
        }
        return m;
    }

    private static string SessionId(int room) => $"f{room}";

    private void OnPacket(SioClient client, in SioPacket p)
    {
        if (p.Type != SioPacket.Event || !p.Json.StartsWith(EventPrefix)) return;
        if (_latency is { } samples)
        {
            var ts = SioPacket.ReadTimestamp(p.Json);
            if (ts >= 0) samples.Add(Clock.NowUs() - ts);
        }
        if (Interlocked.Increment(ref _received) == Volatile.Read(ref _expected)) _done.TrySetResult();
    }

    private void Arm(long expected, LatencySamples? latency)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _latency = latency;
        Volatile.Write(ref _received, 0);
        Volatile.Write(ref _expected, expected);
    }

    // Rounds of bursts until the phase has lasted long enough for the CPU reading (10 ms ticks) to be precise: a
    // fast server simply does more rounds. Each round waits for all its deliveries before the next one starts.
    private async Task BurstAsync(RunMetrics m)
    {
        var perRound = (long)_shape.Rooms * _shape.Members * _shape.Burst;
        var minimum = TimeSpan.FromSeconds(_ctx.Profile.FanOutBurstSeconds);
        var deadline = TimeSpan.FromSeconds(30);
        long delivered = 0, expected = 0;
        var rounds = 0;
        var complete = true;
        var cpu = CpuWindow.Start(_ctx.ServerPid);
        var started = Clock.NowUs();
        while (complete && (rounds == 0 || Clock.NowUs() - started < minimum.TotalMicroseconds))
        {
            Arm(perRound, latency: null);
            expected += perRound;
            await PostRoundAsync();
            complete = await WaitAsync(deadline);
            delivered += Interlocked.Read(ref _received);
            rounds++;
        }
        var spent = cpu.Stop();
        m["burst_deliveries_per_s"] = delivered / spent.WallSeconds;
        m["burst_server_cpu_us_per_delivery"] = spent.ServerUs / Math.Max(1, delivered);
        m["burst_gen_cpu_pct"] = spent.GeneratorPercent;
        m["burst_lost"] = expected - delivered;
        if (!complete) m.Notes.Add($"burst: round {rounds} got {Interlocked.Read(ref _received)} of {perRound} deliveries within {deadline.TotalSeconds:0} s");
    }

    private async Task PostRoundAsync()
    {
        using var gate = new SemaphoreSlim(PostConcurrency);
        await Task.WhenAll(Enumerable.Range(0, _shape.Rooms).Select(async room =>
        {
            await gate.WaitAsync();
            try { await EmitClient.PostAsync(_ctx, SessionId(room), _shape.Burst, Clock.NowUs()); }
            finally { gate.Release(); }
        }));
    }

    private async Task RatePhaseAsync(RunMetrics m)
    {
        var profile = _ctx.Profile;
        var postsPerSecond = (double)profile.FanOutRate / _shape.Members;
        var posts = Math.Max(1, (int)Math.Round(postsPerSecond * profile.FanOutSeconds));
        var expected = (long)posts * _shape.Members;
        var latency = new LatencySamples((int)expected);
        Arm(expected, latency);

        var cpu = CpuWindow.Start(_ctx.ServerPid);
        var failures = 0;
        var inFlight = new List<Task>(posts);
        await RateScheduler.RunOnThreadAsync(posts, postsPerSecond, i => inFlight.Add(PostOne(SessionId(i % _shape.Rooms))));
        await Task.WhenAll(inFlight);
        var completed = await WaitAsync(TimeSpan.FromSeconds(10));
        var spent = cpu.Stop();
        var received = Interlocked.Read(ref _received);
        m["rate_lat_p50_ms"] = latency.PercentileMs(50);
        m["rate_lat_p99_ms"] = latency.PercentileMs(99);
        m["rate_server_cpu_pct"] = spent.ServerPercent;
        m["rate_lost"] = expected - received;
        if (failures > 0) m.Notes.Add($"rate: {failures} POSTs failed");
        if (!completed) m.Notes.Add($"rate: {received} of {expected} deliveries");

        async Task PostOne(string sessionId)
        {
            try { await EmitClient.PostAsync(_ctx, sessionId, 1, Clock.NowUs()); }
            catch (HttpRequestException) { Interlocked.Increment(ref failures); }
        }
    }

    private async Task<bool> WaitAsync(TimeSpan timeout)
    {
        try
        {
            await _done.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
