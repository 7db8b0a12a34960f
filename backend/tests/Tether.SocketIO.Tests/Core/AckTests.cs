using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Core;

public sealed class AckTests
{
    [Fact]
    public async Task EmitWithAck_CompletesWithTheClientsReply()
    {
        await using var harness = new ServerHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.SocketOf(sid);

        var pending = socket.EmitWithAckAsync("question", TimeSpan.FromSeconds(5), 42);
        var sent = await connection.WaitForPrefixAsync("2");
        var id = sent[1..sent.IndexOf('[')];
        Assert.Equal("2" + id + "[\"question\",42]", sent);
        Assert.Equal(1, socket.PendingAckCount);
        connection.Receive("3" + id + "[\"answer\",7]");

        var reply = await pending.WithTimeout();
        Assert.Equal("answer", reply.Get<string>(0));
        Assert.Equal(7, reply.Get<int>(1));
        Assert.Equal(0, socket.PendingAckCount);
    }

    [Fact]
    public async Task EmitWithAck_TimesOut_AndForgetsTheId()
    {
        await using var harness = new ServerHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.SocketOf(sid);

        var ex = await Assert.ThrowsAsync<SocketIOAckTimeoutException>(() => socket.EmitWithAckAsync("q", TimeSpan.FromMilliseconds(50)));

        Assert.Empty(ex.Replies);
        Assert.Equal(0, socket.PendingAckCount);
        var sent = connection.Texts[^1];
        connection.Receive("3" + sent[1..sent.IndexOf('[')] + "[\"late\"]"); // a late reply is ignored
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task EmitWithAck_FailsWhenTheSocketDisconnects()
    {
        await using var harness = new ServerHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.SocketOf(sid);

        var pending = socket.EmitWithAckAsync("q", Timeout.InfiniteTimeSpan);
        connection.Receive("1");

        var ex = await Assert.ThrowsAsync<SocketIODisconnectedException>(() => pending.WithTimeout());
        Assert.Equal(DisconnectReasons.ClientNamespaceDisconnect, ex.Reason);
    }

    [Fact]
    public async Task EmitWithAck_IsCancellable()
    {
        await using var harness = new ServerHarness();
        var (_, sid) = await harness.ConnectAsync();
        var socket = harness.SocketOf(sid);
        using var cts = new CancellationTokenSource();

        var pending = socket.EmitWithAckAsync("q", Timeout.InfiniteTimeSpan, cts.Token, "arg");
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WithTimeout());
        Assert.Equal(0, socket.PendingAckCount);
    }

    [Fact]
    public async Task AckIds_AreUniqueAcrossTheNamespacesSockets()
    {
        await using var harness = new ServerHarness();
        var (c1, s1) = await harness.ConnectAsync();
        var (c2, s2) = await harness.ConnectAsync();

        _ = harness.SocketOf(s1).EmitWithAckAsync("q", TimeSpan.FromSeconds(5));
        _ = harness.SocketOf(s2).EmitWithAckAsync("q", TimeSpan.FromSeconds(5));

        Assert.NotEqual(c1.Texts[^1], c2.Texts[^1]);
        // A reply with the other socket's id is not this socket's ack.
        var otherId = c2.Texts[^1][1..c2.Texts[^1].IndexOf('[')];
        c1.Receive("3" + otherId + "[]");
        Assert.Equal(1, harness.SocketOf(s1).PendingAckCount);
    }

    [Fact]
    public async Task BroadcastWithAck_CollectsEveryReply_FromOneSharedEncoding()
    {
        await using var harness = new ServerHarness();
        var (c1, _) = await harness.ConnectAsync();
        var (c2, _) = await harness.ConnectAsync();

        var pending = harness.Server.Sockets.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("poll", "q");
        Assert.Same(c1.Sends[^1][0], c2.Sends[^1][0]); // one id, one encoding for every recipient
        var sent = c1.Texts[^1];
        var id = sent[1..sent.IndexOf('[')];
        c1.Receive("3" + id + "[\"a\"]");
        c2.Receive("3" + id + "[\"b\"]");

        var replies = await pending.WithTimeout();
        Assert.Equal(["a", "b"], replies.Select(r => r.Get<string>(0)).Order());
    }

    [Fact]
    public async Task BroadcastWithAck_TimesOut_WithThePartialReplies()
    {
        await using var harness = new ServerHarness();
        var (c1, _) = await harness.ConnectAsync();
        var (_, silentSid) = await harness.ConnectAsync();

        var pending = harness.Server.Sockets.Timeout(TimeSpan.FromMilliseconds(200)).EmitWithAckAsync("poll");
        var sent = c1.Texts[^1];
        c1.Receive("3" + sent[1..sent.IndexOf('[')] + "[\"only me\"]");

        var ex = await Assert.ThrowsAsync<SocketIOAckTimeoutException>(() => pending.WithTimeout());
        var reply = Assert.Single(ex.Replies);
        Assert.Equal("only me", reply.Get<string>(0));
        // The silent socket's table entry is dropped after the timeout.
        var silent = harness.SocketOf(silentSid);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (silent.PendingAckCount > 0 && DateTime.UtcNow < deadline) await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.Equal(0, silent.PendingAckCount);
    }

    [Fact]
    public async Task BroadcastWithAck_ToNobody_CompletesEmpty()
    {
        await using var harness = new ServerHarness();

        var replies = await harness.Server.To("empty-room").Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("x").WithTimeout();

        Assert.Empty(replies);
    }

    [Fact]
    public async Task BroadcastWithAck_WithoutTimeout_Throws()
    {
        await using var harness = new ServerHarness();

        Assert.Throws<InvalidOperationException>(() => { _ = harness.Server.To("r").EmitWithAckAsync("x"); });
    }
}
