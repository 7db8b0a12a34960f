using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Core;

public sealed class BroadcastTests
{
    private sealed record Client(FakeEngineConnection Connection, Socket Socket)
    {
        public int Count(string frame) => Connection.Texts.Count(t => t == frame);
    }

    private static async Task<Client[]> ConnectAsync(ServerHarness harness, int count, string nsp = "/")
    {
        var clients = new Client[count];
        for (var i = 0; i < count; i++)
        {
            var (connection, sid) = await harness.ConnectAsync(nsp);
            clients[i] = new Client(connection, harness.SocketOf(sid, nsp));
        }
        return clients;
    }

    [Fact]
    public async Task Broadcast_EncodesOnce_EveryRecipientGetsTheSameFrames()
    {
        await using var harness = new ServerHarness();
        var clients = await ConnectAsync(harness, 3);

        await harness.Server.EmitAsync("news", new { title = "hello" });

        // The very same EngineMessage object (with its cached transport encodings) is queued on every connection.
        var first = Assert.Single(clients[0].Connection.Sends[^1]);
        Assert.All(clients, c => Assert.Same(first, Assert.Single(c.Connection.Sends[^1])));
        Assert.Equal("2[\"news\",{\"title\":\"hello\"}]", clients[0].Connection.Texts[^1]);
    }

    [Fact]
    public async Task BinaryBroadcast_SendsTheTextAndAttachmentsTogether()
    {
        await using var harness = new ServerHarness();
        var clients = await ConnectAsync(harness, 2);

        await harness.Server.EmitAsync("file", new byte[] { 9, 8 });

        var frames = clients[1].Connection.Sends[^1];
        Assert.Equal(2, frames.Length); // one Send call: the attachment stays adjacent to its packet
        Assert.Same(clients[0].Connection.Sends[^1][0], frames[0]);
        Assert.Same(clients[0].Connection.Sends[^1][1], frames[1]);
        Assert.True(frames[1].IsBinary);
        Assert.Equal([9, 8], frames[1].Data.ToArray());
    }

    [Fact]
    public async Task RoomsExceptAndSocketIds_SelectTheRightTargets()
    {
        await using var harness = new ServerHarness();
        var c = await ConnectAsync(harness, 4);
        c[0].Socket.Join("red");
        c[1].Socket.Join(["red", "blue"]);
        c[2].Socket.Join("blue");

        await harness.Server.To("red").EmitAsync("r");
        await harness.Server.To("red").To("blue").EmitAsync("rb");
        await harness.Server.Sockets.To(["red", "blue"]).Except("blue").EmitAsync("r-not-b");
        await harness.Server.Except("red").EmitAsync("not-r");
        await harness.Server.To(c[3].Socket.Id).EmitAsync("direct");
        await harness.Server.Sockets.Except(c[0].Socket.Id).Except("blue").EmitAsync("x");

        Assert.Equal([1, 1, 0, 0], c.Select(x => x.Count("2[\"r\"]")));
        Assert.Equal([1, 1, 1, 0], c.Select(x => x.Count("2[\"rb\"]"))); // c[1] is in both: one copy
        Assert.Equal([1, 0, 0, 0], c.Select(x => x.Count("2[\"r-not-b\"]")));
        Assert.Equal([0, 0, 1, 1], c.Select(x => x.Count("2[\"not-r\"]")));
        Assert.Equal([0, 0, 0, 1], c.Select(x => x.Count("2[\"direct\"]")));
        Assert.Equal([0, 0, 0, 1], c.Select(x => x.Count("2[\"x\"]")));
    }

    [Fact]
    public async Task SocketBroadcasts_ExcludeTheSender()
    {
        await using var harness = new ServerHarness();
        var c = await ConnectAsync(harness, 3);
        foreach (var client in c) client.Socket.Join("room");

        await c[0].Socket.Broadcast.EmitAsync("all-but-me");
        await c[0].Socket.To("room").EmitAsync("room-but-me");
        await c[0].Socket.Except(c[1].Socket.Id).EmitAsync("neither");

        Assert.Equal([0, 1, 1], c.Select(x => x.Count("2[\"all-but-me\"]")));
        Assert.Equal([0, 1, 1], c.Select(x => x.Count("2[\"room-but-me\"]")));
        Assert.Equal([0, 0, 1], c.Select(x => x.Count("2[\"neither\"]")));
    }

    [Fact]
    public async Task BroadcastsStayInTheirNamespace()
    {
        await using var harness = new ServerHarness();
        harness.Server.Of("/chat");
        var root = await ConnectAsync(harness, 1);
        var chat = await ConnectAsync(harness, 1, "/chat");

        await harness.Server.Of("/chat").EmitAsync("hi");

        Assert.Equal("2/chat,[\"hi\"]", chat[0].Connection.Texts[^1]);
        Assert.DoesNotContain(root[0].Connection.Texts, t => t.Contains("hi"));
    }

    [Fact]
    public async Task OperatorsAreImmutable()
    {
        await using var harness = new ServerHarness();
        var c = await ConnectAsync(harness, 2);
        c[0].Socket.Join("a");
        var toA = harness.Server.To("a");
        var toAll = harness.Server.Sockets.Volatile;

        _ = toA.Except("a");
        await toA.EmitAsync("still-a");
        await toAll.EmitAsync("everyone");

        Assert.Equal([1, 0], c.Select(x => x.Count("2[\"still-a\"]")));
        Assert.Equal([1, 1], c.Select(x => x.Count("2[\"everyone\"]")));
    }

    [Fact]
    public async Task VolatileBroadcast_SkipsClosedConnections()
    {
        await using var harness = new ServerHarness();
        var c = await ConnectAsync(harness, 2);
        c[1].Connection.CloseWith(Tether.EngineIO.EngineCloseReason.TransportClose);

        await harness.Server.Sockets.Volatile.Compress(false).EmitAsync("v");

        Assert.Equal(1, c[0].Count("2[\"v\"]"));
    }

    [Fact]
    public async Task FetchSockets_AndRemoteSocketOperations()
    {
        await using var harness = new ServerHarness();
        var c = await ConnectAsync(harness, 3);
        c[0].Socket.Join("team");
        c[1].Socket.Join("team");
        c[0].Socket.Data["name"] = "ann";

        var team = await harness.Server.To("team").FetchSocketsAsync();
        Assert.Equal(new[] { c[0].Socket.Id, c[1].Socket.Id }.Order(), team.Select(s => s.Id).Order());
        var ann = team.Single(s => s.Id == c[0].Socket.Id);
        Assert.Equal("ann", ann.Data["name"]);
        Assert.Contains("team", ann.Rooms);

        await ann.EmitAsync("dm", 1);
        await ann.JoinAsync("vip");
        await ann.LeaveAsync("team");
        Assert.Equal("2[\"dm\",1]", c[0].Connection.Texts[^1]);
        Assert.Contains("vip", c[0].Socket.Rooms);
        Assert.DoesNotContain("team", c[0].Socket.Rooms);

        await harness.Server.Sockets.SocketsJoinAsync("everyone");
        Assert.All(c, x => Assert.Contains("everyone", x.Socket.Rooms));
        await harness.Server.To("vip").SocketsLeaveAsync("everyone");
        Assert.DoesNotContain("everyone", c[0].Socket.Rooms);

        await harness.Server.To("team").DisconnectSocketsAsync();
        Assert.False(c[1].Socket.Connected);
        Assert.True(c[0].Socket.Connected);
        Assert.Equal("1", c[1].Connection.Texts[^1]);
        Assert.Equal(2, harness.Server.Sockets.Sockets.Count);
    }

    [Fact]
    public async Task ServerSideEmit_InMemory_IsANoOp()
    {
        await using var harness = new ServerHarness();
        var received = false;
        harness.Server.Sockets.OnServerSideEmit("sync", _ =>
        {
            received = true;
            return Task.CompletedTask;
        });

        await harness.Server.Sockets.ServerSideEmitAsync("sync", 1);
        var replies = await harness.Server.Sockets.ServerSideEmitWithAckAsync(TimeSpan.FromSeconds(1), "sync").WithTimeout();

        Assert.Empty(replies);
        Assert.False(received);
        Assert.Throws<ArgumentException>(() => { _ = harness.Server.Sockets.ServerSideEmitAsync("connection"); });
    }

    [Fact]
    public async Task Join_EnforcesMaxRoomsPerSocket()
    {
        await using var harness = new ServerHarness(o => o.MaxRoomsPerSocket = 3);
        var c = await ConnectAsync(harness, 1);
        var socket = c[0].Socket;

        socket.Join(["a", "b"]);
        socket.Join("a"); // already in: not counted

        var ex = Assert.Throws<SocketIOLimitExceededException>(() => socket.Join("c"));
        Assert.Equal(nameof(SocketIOOptions.MaxRoomsPerSocket), ex.LimitName);
        Assert.Equal(3, ex.Limit);
        Assert.Equal(3, socket.Rooms.Count);
    }
}
