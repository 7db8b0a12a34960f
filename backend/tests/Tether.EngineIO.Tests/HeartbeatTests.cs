using System.Diagnostics;
using System.Net.WebSockets;
using Tether.EngineIO.Tests.Infrastructure;

namespace Tether.EngineIO.Tests;

[CollectionDefinition("Timing", DisableParallelization = true)]
public sealed class TimingCollection;

/// <summary>
/// Heartbeat timing. With interval 300 ms and timeout 300 ms a silent client must be dropped at ~600 ms after the
/// handshake; counting the timeout from anything later than the moment the ping is queued (e.g. from a GET that
/// never comes, or an extra interval) would push it to 900 ms or more, which the upper bound rejects.
/// </summary>
[Collection("Timing")]
public sealed class HeartbeatTests
{
    private const int Interval = 300;
    private const int Timeout = 300;
    private const int UpperBound = 880;

    private static void Configure(EngineIOOptions o)
    {
        o.PingInterval = TimeSpan.FromMilliseconds(Interval);
        o.PingTimeout = TimeSpan.FromMilliseconds(Timeout);
    }

    [Fact]
    public async Task Silent_polling_client_is_dropped_at_interval_plus_timeout()
    {
        await using var host = await EngineTestHost.StartAsync(Configure);
        var stopwatch = Stopwatch.StartNew(); // started before the session can exist
        var (sid, open) = await host.HandshakeAsync();
        Assert.Equal(Interval, open.GetProperty("pingInterval").GetInt32());

        Assert.Equal(EngineCloseReason.PingTimeout, await host.Handler.WaitClosedAsync(sid));
        var elapsed = stopwatch.ElapsedMilliseconds;
        Assert.InRange(elapsed, Interval + Timeout - 10, UpperBound);
    }

    [Fact]
    public async Task Silent_websocket_client_is_dropped_at_interval_plus_timeout()
    {
        await using var host = await EngineTestHost.StartAsync(Configure);
        var stopwatch = Stopwatch.StartNew();
        using var ws = await host.ConnectWebSocketAsync();
        var open = await ws.ReceiveMessageAsync();
        var sid = System.Text.Json.JsonDocument.Parse(open.Text[1..]).RootElement.GetProperty("sid").GetString()!;

        Assert.Equal("2", (await ws.ReceiveMessageAsync()).Text);
        Assert.InRange(stopwatch.ElapsedMilliseconds, Interval - 10, Interval + Timeout);
        Assert.Equal(EngineCloseReason.PingTimeout, await host.Handler.WaitClosedAsync(sid));
        Assert.InRange(stopwatch.ElapsedMilliseconds, Interval + Timeout - 10, UpperBound);
        Assert.Equal(WebSocketMessageType.Close, (await ws.ReceiveMessageAsync()).Type);
    }

    [Fact]
    public async Task Answering_pongs_keeps_the_session_and_the_timeout_restarts_from_the_next_ping()
    {
        await using var host = await EngineTestHost.StartAsync(Configure);
        var (sid, _) = await host.HandshakeAsync();
        var started = Stopwatch.StartNew();
        long lastPong = 0;
        // Answer pings for well over interval + timeout.
        while (started.ElapsedMilliseconds < 3 * (Interval + Timeout))
        {
            Assert.Equal("2", await host.PollAsync(sid));
            using var pong = await host.PostAsync(sid, "3");
            lastPong = started.ElapsedMilliseconds;
            Assert.False(host.Handler.IsClosed(sid));
        }

        Assert.Equal(EngineCloseReason.PingTimeout, await host.Handler.WaitClosedAsync(sid));
        var sinceLastPong = started.ElapsedMilliseconds - lastPong;
        Assert.InRange(sinceLastPong, Interval + Timeout - 20, UpperBound);
    }

    [Fact]
    public async Task Websocket_client_answering_pings_stays_connected()
    {
        await using var host = await EngineTestHost.StartAsync(Configure);
        using var ws = await host.ConnectWebSocketAsync();
        var open = await ws.ReceiveMessageAsync();
        var sid = System.Text.Json.JsonDocument.Parse(open.Text[1..]).RootElement.GetProperty("sid").GetString()!;
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal("2", (await ws.ReceiveMessageAsync()).Text);
            await ws.SendTextAsync("3");
        }
        Assert.False(host.Handler.IsClosed(sid));
    }

    /// <summary>
    /// Every session of a server shares one heartbeat timer. Sessions opened at different moments, half answering pings
    /// and half silent, each keep their own deadlines: a silent one is dropped at interval + timeout from its own
    /// handshake whatever the others do, and an answering one stays.
    /// </summary>
    [Fact]
    public async Task Sessions_keep_their_own_deadlines_on_the_shared_heartbeat_timer()
    {
        await using var host = await EngineTestHost.StartAsync(Configure);
        var answering = new List<(ClientWebSocket Ws, string Sid)>();
        var silent = new List<(ClientWebSocket Ws, string Sid, Stopwatch Since)>();
        try
        {
            for (int i = 0; i < 6; i++)
            {
                var since = Stopwatch.StartNew();
                var ws = await host.ConnectWebSocketAsync();
                var open = await ws.ReceiveMessageAsync();
                var sid = System.Text.Json.JsonDocument.Parse(open.Text[1..]).RootElement.GetProperty("sid").GetString()!;
                if (i % 2 == 0) answering.Add((ws, sid));
                else silent.Add((ws, sid, since));
                await Task.Delay(40); // staggered start times, so the deadlines interleave
            }

            var answers = answering.Select(async client =>
            {
                for (int round = 0; round < 3; round++)
                {
                    Assert.Equal("2", (await client.Ws.ReceiveMessageAsync()).Text);
                    await client.Ws.SendTextAsync("3");
                }
            }).ToList();

            foreach (var (_, sid, since) in silent)
            {
                Assert.Equal(EngineCloseReason.PingTimeout, await host.Handler.WaitClosedAsync(sid));
                Assert.InRange(since.ElapsedMilliseconds, Interval + Timeout - 10, UpperBound);
            }
            await Task.WhenAll(answers);
            foreach (var (_, sid) in answering) Assert.False(host.Handler.IsClosed(sid));
        }
        finally
        {
            foreach (var (ws, _) in answering) ws.Dispose();
            foreach (var (ws, _, _) in silent) ws.Dispose();
        }
    }
}
