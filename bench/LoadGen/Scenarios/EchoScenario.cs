using System.Text;
using LoadGen.Measure;
using LoadGen.Net;
using LoadGen.Suite;

namespace LoadGen.Scenarios;

/// <summary>
/// Scenarios 4, 5 and 6: <c>echo</c> with an ack, over WebSocket or long-polling, against a Socket.IO server or a raw
/// WebSocket echo. At a fixed rate (open loop, spread over the clients round-robin) or at saturation (closed loop:
/// each client keeps <c>window</c> echoes outstanding and sends the next from the ack). Latency runs from just
/// before the send (for polling: the moment the echo is queued for the next POST) to the ack.
/// </summary>
internal sealed class EchoScenario
{
    private readonly RunContext _ctx;
    private readonly Transport _transport;
    private readonly int _clients;
    private readonly int _window;
    private readonly long[] _sentAt;
    private readonly LatencySamples _latency;
    private long _nextId = -1;
    private long _acks;
    private long _expected = long.MaxValue;
    private volatile bool _closedLoop;
    private volatile bool _stopping;
    private string? _mismatch;
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EchoScenario(RunContext ctx, Transport transport, int clients, int window, int capacity)
    {
        _ctx = ctx;
        _transport = transport;
        _clients = clients;
        _window = window;
        _sentAt = new long[capacity];
        _latency = new LatencySamples(capacity);
    }

    /// <param name="rate">Echoes per second, or 0 for saturation.</param>
    public static Task<RunMetrics> RunAsync(RunContext ctx, Transport transport, int rate)
    {
        var p = ctx.Profile;
        var (clients, window, seconds) = transport == Transport.Polling
            ? (p.PollingClients, p.PollingWindow, p.PollingSeconds)
            : (p.EchoClients, p.EchoWindow, p.EchoSeconds);
        // Saturation has no known total: leave room for 1 M acks/s, far above any server here (a run that reaches
        // it says so in its notes, because the closed loop would stall there).
        var capacity = rate > 0 ? (int)(rate * seconds) + 16 : (int)Math.Min(int.MaxValue / 2, 1_000_000 * seconds);
        return new EchoScenario(ctx, transport, clients, window, capacity).RunAsync(rate, seconds);
    }

    private async Task<RunMetrics> RunAsync(int rate, double seconds)
    {
        var m = new RunMetrics();
        using var pollingHttp = _transport == Transport.Polling ? Clients.NewPollingHttp() : null;
        var opened = await Clients.OpenAsync(_ctx, _clients, _ctx.Profile.ConnectConcurrency, _transport, _ => null, pollingHttp: pollingHttp);
        var clients = opened.Clients;
        try
        {
            if (clients.Count == 0) throw new IOException($"no client connected: {opened.FirstError}");
            if (opened.Failures > 0) m.Notes.Add($"{opened.Failures} clients failed to connect, first: {opened.FirstError}");
            foreach (var c in clients) c.OnPacket = OnPacket;
            var spent = rate > 0 ? await FixedRateAsync(clients, rate, seconds) : await SaturateAsync(clients, seconds);
            var acks = Interlocked.Read(ref _acks);
            m["acks_per_s"] = acks / spent.WallSeconds;
            m["server_cpu_us_per_ack"] = spent.ServerUs / Math.Max(1, acks);
            m["lat_p50_ms"] = _latency.PercentileMs(50);
            m["lat_p99_ms"] = _latency.PercentileMs(99);
            m["gen_cpu_pct"] = spent.GeneratorPercent;
            m["server_cpu_pct"] = spent.ServerPercent;
            if (rate > 0) m["lost"] = Math.Max(0, Volatile.Read(ref _expected) - acks);
            if (_mismatch is not null) m.Notes.Add(_mismatch);
            if (Interlocked.Read(ref _nextId) >= _sentAt.Length) m.Notes.Add($"sample capacity ({_sentAt.Length}) reached: the run stopped sending early");
        }
        finally
        {
            _stopping = true;
            await Clients.CloseAllAsync(clients);
        }
        return m;
    }

    private async Task<CpuSpent> FixedRateAsync(List<SioClient> clients, int rate, double seconds)
    {
        var total = (int)(rate * seconds);
        Volatile.Write(ref _expected, total);
        var cpu = CpuWindow.Start(_ctx.ServerPid);
        await RateScheduler.RunOnThreadAsync(total, rate, i => SendEcho(clients[i % clients.Count]));
        // The window ends with the last ack (or a bounded wait for it), so every ack counted is in it.
        await Task.WhenAny(_drained.Task, Task.Delay(TimeSpan.FromSeconds(10)));
        return cpu.Stop();
    }

    private async Task<CpuSpent> SaturateAsync(List<SioClient> clients, double seconds)
    {
        _closedLoop = true;
        var cpu = CpuWindow.Start(_ctx.ServerPid);
        foreach (var c in clients)
            for (var w = 0; w < _window; w++) SendEcho(c);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        // Stop the measurement first, then the sending: acks after this point are not counted or timed.
        var spent = cpu.Stop();
        _stopping = true;
        Volatile.Write(ref _expected, Interlocked.Read(ref _acks));
        return spent;
    }

    private void SendEcho(SioClient client)
    {
        var id = Interlocked.Increment(ref _nextId);
        if (id >= _sentAt.Length) return;
        Span<byte> frame = stackalloc byte[256 + _ctx.Pad.Length];
        var length = SioClient.WriteEcho(frame, _ctx.Namespace, id, Clock.NowUs(), _ctx.Pad);
        _sentAt[id] = Clock.NowUs();
        client.Send(frame[..length]);
    }

    private void OnPacket(SioClient client, in SioPacket p)
    {
        // A Socket.IO server answers with ACK; a raw echo returns our EVENT frame itself.
        var isReply = p.Type == SioPacket.Ack || (client.Raw && p.Type == SioPacket.Event);
        if (!isReply || p.Id < 0 || p.Id >= _sentAt.Length || _stopping && _closedLoop) return;
        _latency.Add(Clock.NowUs() - _sentAt[p.Id]);
        if (p.Id == 0) CheckFirstReply(client, p.Json);
        var acks = Interlocked.Increment(ref _acks);
        if (_closedLoop)
        {
            if (!_stopping) SendEcho(client);
        }
        else if (acks == Volatile.Read(ref _expected))
        {
            _drained.TrySetResult();
        }
    }

    // The ack must carry back exactly the arguments sent: checked once per run, cheaply, on the first reply.
    private void CheckFirstReply(SioClient client, ReadOnlySpan<byte> json)
    {
        if (client.Raw) return;
        var text = Encoding.UTF8.GetString(json);
        if (!text.StartsWith("[{\"seq\":0,", StringComparison.Ordinal) || !text.EndsWith($"\"pad\":\"{_ctx.Pad}\"}}]", StringComparison.Ordinal))
            _mismatch = "echo ack did not carry the sent arguments back: " + text;
    }
}
