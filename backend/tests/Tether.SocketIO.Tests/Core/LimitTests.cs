using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Core;

public sealed class LimitTests
{
    private static ServerHarness Create(Action<SocketIOOptions> configure, ManualTimeProvider clock)
    {
        var options = new SocketIOOptions();
        configure(options);
        return new ServerHarness(new SocketIOServer(options, timeProvider: clock));
    }

    [Fact]
    public async Task EventsPastTheRate_AreDropped_UntilTheBucketRefills()
    {
        var clock = new ManualTimeProvider();
        await using var harness = Create(o => (o.MaxEventsPerSecond, o.EventBurst) = (10, 5), clock);
        var handled = new List<int>();
        harness.Server.Sockets.OnConnection(s =>
        {
            s.On("n", (int n) =>
            {
                lock (handled) handled.Add(n);
            });
            return Task.CompletedTask;
        });
        var (connection, sid) = await harness.ConnectAsync();

        for (var i = 0; i < 8; i++) connection.Receive($"2[\"n\",{i}]");
        clock.Advance(TimeSpan.FromMilliseconds(200)); // two tokens at 10/s
        for (var i = 8; i < 12; i++) connection.Receive($"2[\"n\",{i}]");

        lock (handled) Assert.Equal([0, 1, 2, 3, 4, 8, 9], handled);
        Assert.True(connection.IsOpen);
        Assert.True(harness.SocketOf(sid).Connected);
    }

    [Fact]
    public async Task DisconnectOnRateLimit_DisconnectsTheSocket()
    {
        var clock = new ManualTimeProvider();
        await using var harness = Create(o => (o.MaxEventsPerSecond, o.EventBurst, o.DisconnectOnRateLimit) = (1, 2, true), clock);
        var (connection, sid) = await harness.ConnectAsync();
        var reason = Signals.Create<string>();
        harness.SocketOf(sid).Disconnected += (_, r) =>
        {
            reason.TrySetResult(r);
            return Task.CompletedTask;
        };

        for (var i = 0; i < 3; i++) connection.Receive("2[\"n\"]");

        Assert.Equal(DisconnectReasons.ServerNamespaceDisconnect, await reason.WithTimeout());
        Assert.Contains("1", connection.Texts); // a DISCONNECT packet: the client does not reconnect by itself
    }

    [Fact]
    public async Task EmitWithAck_PastMaxPendingAcks_Throws()
    {
        await using var harness = new ServerHarness(o => o.MaxPendingAcksPerSocket = 2);
        var (_, sid) = await harness.ConnectAsync();
        var socket = harness.SocketOf(sid);

        var pending = new[] { socket.EmitWithAckAsync("q", TimeSpan.FromMinutes(1)), socket.EmitWithAckAsync("q", TimeSpan.FromMinutes(1)) };
        var ex = await Assert.ThrowsAsync<SocketIOLimitExceededException>(() => socket.EmitWithAckAsync("q", TimeSpan.FromMinutes(1)));

        Assert.Equal(nameof(SocketIOOptions.MaxPendingAcksPerSocket), ex.LimitName);
        Assert.All(pending, t => Assert.False(t.IsCompleted));
    }

    [Fact]
    public async Task TooManyAttachments_IsAParseError()
    {
        await using var harness = new ServerHarness(o => o.MaxAttachmentsPerPacket = 2);
        var (connection, sid) = await harness.ConnectAsync();
        var reason = Signals.Create<string>();
        harness.SocketOf(sid).Disconnected += (_, r) =>
        {
            reason.TrySetResult(r);
            return Task.CompletedTask;
        };

        connection.Receive("53-[\"f\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":2}]");

        Assert.Equal(DisconnectReasons.ParseError, await reason.WithTimeout());
        await connection.Closed.WithTimeout();
    }

    [Fact]
    public async Task VolatileBroadcasts_SkipConnectionsThatAreNotWritable()
    {
        await using var harness = new ServerHarness();
        var (busy, _) = await harness.ConnectAsync();
        var (idle, _) = await harness.ConnectAsync();
        busy.Writable = false;

        await harness.Server.Sockets.Volatile.EmitAsync("tick", 1);
        await harness.Server.EmitAsync("tock", 2);

        Assert.DoesNotContain("2[\"tick\",1]", busy.Texts);
        Assert.Contains("2[\"tick\",1]", idle.Texts);
        Assert.Contains("2[\"tock\",2]", busy.Texts); // non-volatile packets are queued whatever the state
    }
}
