using System.Text.Json.Nodes;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>The broadcast operator flags and the remote-socket operations.</summary>
public sealed class BroadcastOperatorTests
{
    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Volatile_is_delivered_at_most_once_and_to_an_idle_websocket_exactly_once(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["r"]);
        if (mode == TransportMode.PollingThenUpgrade) await s.Server.Transports.AssertModeAsync(mode, kind);

        await s.Server.Io.Sockets.Volatile.To("r").EmitAsync("volatile", "maybe");
        await Rooms.MarkAsync(s, a, b, c);

        // Volatile may be dropped when the transport is not writable at that instant (a polling client between two
        // GETs); an idle WebSocket is always writable, so there it must arrive.
        if (mode == TransportMode.WebSocket) Assert.Equal(1, a.CountEvents("volatile"));
        else Assert.InRange(a.CountEvents("volatile"), 0, 1);
        Assert.Equal(0, b.CountEvents("volatile"));
        Assert.Equal(0, c.CountEvents("volatile"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Local_reaches_the_local_sockets(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["r"], bRooms: ["r"]);

        await s.Server.Io.Sockets.Local.To("r").EmitAsync("local", 1);
        await Rooms.MarkAsync(s, a, b, c);

        Assert.Equal(1, a.CountEvents("local"));
        Assert.Equal(1, b.CountEvents("local"));
        Assert.Equal(0, c.CountEvents("local"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Broadcast_with_ack_collects_every_reply(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s);
        foreach (var client in new[] { a, b, c }) await client.AnswerAcksAsync("question", new JsonArray(client.Name, Json.Bin(1)));

        var replies = await s.Server.Io.Sockets.Timeout(Timeouts.Default).EmitWithAckAsync("question", "who?");

        Assert.Equal(["a", "b", "c"], replies.Select(r => r.Get<string>(0)).Order());
        Assert.All(replies, r => Assert.Equal(new byte[] { 1 }, r.Get<byte[]>(1)));
        foreach (var client in new[] { a, b, c }) Assert.Equal(1, client.CountEvents("question"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Broadcast_with_ack_times_out_with_the_replies_that_came(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s);
        await a.AnswerAcksAsync("question", new JsonArray("a"));
        await b.AnswerAcksAsync("question", new JsonArray("b"));
        await c.IgnoreAcksAsync("question");

        var error = await Assert.ThrowsAsync<SocketIOAckTimeoutException>(
            () => s.Server.Io.Sockets.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("question", "who?"));

        Assert.Equal(["a", "b"], error.Replies.Select(r => r.Get<string>(0)).Order());
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Broadcast_with_ack_to_an_empty_room_returns_no_replies(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        await Rooms.ThreeClientsAsync(s);

        var replies = await s.Server.Io.To("empty").Timeout(Timeouts.Default).EmitWithAckAsync("question");

        Assert.Empty(replies);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task FetchSockets_describes_the_room_members(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["r"], bRooms: ["r", "q"]);
        (await s.Server.Observer.SocketAsync(a.Sid!)).Data["name"] = "alice";

        var sockets = await s.Server.Io.In("r").FetchSocketsAsync();

        Assert.Equal(new[] { a.Sid, b.Sid }.Order(), sockets.Select(x => x.Id).Order());
        var remoteA = sockets.Single(x => x.Id == a.Sid);
        var remoteB = sockets.Single(x => x.Id == b.Sid);
        Assert.Equal(new[] { a.Sid!, "r" }.Order(), remoteA.Rooms.Order());
        Assert.Equal(new[] { b.Sid!, "q", "r" }.Order(), remoteB.Rooms.Order());
        Assert.Equal("alice", remoteA.Data["name"]);
        Assert.Equal(3, (await s.Server.Io.Sockets.FetchSocketsAsync()).Count);

        await remoteB.EmitAsync("direct", "via remote socket");
        Json.Equal("""["via remote socket"]""", await b.EventAsync("direct"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task SocketsJoin_and_SocketsLeave_change_membership(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["r"], bRooms: ["r"]);

        await s.Server.Io.In("r").SocketsJoinAsync("joined");
        await s.Server.Io.In(c.Sid!).SocketsJoinAsync("joined");
        await s.Server.Io.In(a.Sid!).SocketsLeaveAsync("joined");
        await s.Server.Io.To("joined").EmitAsync("notice", "joined");
        await Rooms.MarkAsync(s, a, b, c);

        Assert.Equal(0, a.CountEvents("notice"));
        Assert.Equal(1, b.CountEvents("notice"));
        Assert.Equal(1, c.CountEvents("notice"));
        Assert.Contains("joined", (await s.Server.Observer.SocketAsync(c.Sid!)).Rooms);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task DisconnectSockets_disconnects_only_the_targets(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["r"], bRooms: ["r"]);

        await s.Server.Io.In("r").DisconnectSocketsAsync();

        Assert.Equal("io server disconnect", await a.DisconnectedAsync());
        Assert.Equal("io server disconnect", await b.DisconnectedAsync());
        Assert.Equal("server namespace disconnect", (await s.Server.Observer.DisconnectAsync(a.Sid!)).Str("reason"));
        await Rooms.MarkAsync(s, c);
        Assert.False(c.IsDisconnected);
        Assert.Single(await s.Server.Io.Sockets.FetchSocketsAsync());
    }
}
