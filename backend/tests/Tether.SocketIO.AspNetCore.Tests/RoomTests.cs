using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// Rooms and the targeting operators (To/In/Except, socket-id rooms, socket.To excluding the sender). "Not
/// received" is checked after a later broadcast to everyone ("marker") arrived, never by waiting a while.
/// </summary>
public sealed class RoomTests
{
    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task To_reaches_room_members_exactly_once(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["r"], bRooms: ["r"]);

        await s.Server.Io.To("r").EmitAsync("notice", "for r");
        await Rooms.MarkAsync(s, a, b, c);

        Assert.Equal(1, a.CountEvents("notice"));
        Assert.Equal(1, b.CountEvents("notice"));
        Assert.Equal(0, c.CountEvents("notice"));
        Json.Equal("""["for r"]""", await a.EventAsync("notice"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Several_rooms_deliver_once_to_a_member_of_both(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["r1", "r2"], bRooms: ["r2"]);

        await s.Server.Io.In("r1").In("r2").EmitAsync("notice", 1);
        await s.Server.Io.Sockets.To(["r1", "r2"]).EmitAsync("notice", 2);
        await Rooms.MarkAsync(s, a, b, c);

        Assert.Equal(2, a.CountEvents("notice"));
        Assert.Equal(2, b.CountEvents("notice"));
        Assert.Equal(0, c.CountEvents("notice"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Except_skips_the_room(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["r"], bRooms: ["q"]);

        await s.Server.Io.Except("r").EmitAsync("notice", "not r");
        await s.Server.Io.To("q").Except("r").EmitAsync("notice", "q not r");
        await Rooms.MarkAsync(s, a, b, c);

        Assert.Equal(0, a.CountEvents("notice"));
        Json.Equal("""["not r"]""", await b.EventAsync("notice"));
        Json.Equal("""["q not r"]""", await b.EventAsync("notice", 1));
        Assert.Equal(2, b.CountEvents("notice"));
        Assert.Equal(1, c.CountEvents("notice"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Socket_id_is_a_room(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s);

        await s.Server.Io.To(b.Sid!).EmitAsync("notice", "only b");
        await Rooms.MarkAsync(s, a, b, c);

        Assert.Equal(0, a.CountEvents("notice"));
        Assert.Equal(1, b.CountEvents("notice"));
        Assert.Equal(0, c.CountEvents("notice"));
        var socket = await s.Server.Observer.SocketAsync(b.Sid!);
        Assert.Contains(b.Sid!, socket.Rooms);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Socket_To_reaches_the_room_but_not_the_sender(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["r"], bRooms: ["r"]);

        await a.EmitAsync("broadcast-to-room", "r", Json.Parse("""{"from":"a","bytes":[1,2]}"""));
        await Rooms.MarkAsync(s, a, b, c);

        Assert.Equal(0, a.CountEvents("room-message"));
        Json.Equal("""[{"from":"a","bytes":[1,2]}]""", await b.EventAsync("room-message"));
        Assert.Equal(1, b.CountEvents("room-message"));
        Assert.Equal(0, c.CountEvents("room-message"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Namespace_emit_stays_in_its_namespace(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var main = await s.Clients.ConnectAsync("main");
        var custom = await s.Clients.ConnectAsync("custom", "/custom");

        await s.Server.Io.Of("/custom").EmitAsync("notice", "custom only");
        await s.Server.Io.Of("/custom").EmitAsync("marker");
        await s.Server.Io.EmitAsync("marker");

        Json.Equal("""["custom only"]""", await custom.EventAsync("notice"));
        await custom.EventAsync("marker");
        await main.EventAsync("marker");
        Assert.Equal(0, main.CountEvents("notice"));
        Assert.Equal(1, custom.CountEvents("marker"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Leaving_a_room_stops_its_broadcasts(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["r"], bRooms: ["r"]);
        var socketA = await s.Server.Observer.SocketAsync(a.Sid!);

        socketA.Leave("r");
        await s.Server.Io.To("r").EmitAsync("notice");
        await Rooms.MarkAsync(s, a, b, c);

        Assert.DoesNotContain("r", socketA.Rooms);
        Assert.Equal(0, a.CountEvents("notice"));
        Assert.Equal(1, b.CountEvents("notice"));
    }
}

/// <summary>Shared steps of the room and broadcast tests.</summary>
internal static class Rooms
{
    /// <summary>Connects a, b and c to "/" and joins them to rooms through the conformance "join-room" event.</summary>
    public static async Task<(TestClient A, TestClient B, TestClient C)> ThreeClientsAsync(
        Scenario s, string[]? aRooms = null, string[]? bRooms = null, string[]? cRooms = null)
    {
        var a = await s.Clients.ConnectAsync("a");
        var b = await s.Clients.ConnectAsync("b");
        var c = await s.Clients.ConnectAsync("c");
        foreach (var (client, rooms) in new[] { (a, aRooms), (b, bRooms), (c, cRooms) })
            foreach (var room in rooms ?? [])
                Json.Equal("[]", await client.EmitWithAckAsync("join-room", room));
        return (a, b, c);
    }

    /// <summary>
    /// Broadcasts "marker" to every socket of "/" and waits until each client got it. Whatever was sent to a
    /// client before the marker has arrived by then (one ordered connection per client).
    /// </summary>
    public static async Task MarkAsync(Scenario s, params TestClient[] clients)
    {
        var occurrence = clients.Select(c => c.CountEvents("marker")).ToArray();
        await s.Server.Io.EmitAsync("marker");
        for (var i = 0; i < clients.Length; i++) await clients[i].EventAsync("marker", occurrence[i]);
    }
}
