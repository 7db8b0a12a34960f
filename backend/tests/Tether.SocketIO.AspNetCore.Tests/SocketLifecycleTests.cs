using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>What the server keeps about a socket once its client is gone: nothing (rooms, pending acks).</summary>
public sealed class SocketLifecycleTests
{
    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Disconnected_socket_leaves_its_rooms(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var (a, b, _) = await Rooms.ThreeClientsAsync(s, aRooms: ["r"], bRooms: ["r"]);

        await a.DisconnectAsync();
        await s.Server.Observer.DisconnectAsync(a.Sid!);

        var members = await s.Server.Io.In("r").FetchSocketsAsync();
        Assert.Equal([b.Sid], members.Select(m => m.Id));
        var replies = await s.Server.Io.In(a.Sid!).Timeout(Timeouts.Default).EmitWithAckAsync("question");
        Assert.Empty(replies);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Pending_server_ack_fails_when_the_client_leaves(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        await client.IgnoreAcksAsync("question");
        var socket = await s.Server.Observer.SocketAsync(client.Sid!);

        var pending = socket.EmitWithAckAsync("question", TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken, "still there?");
        await client.EventAsync("question");
        await client.DisconnectAsync();

        // Well before the 30 s ack timeout: the disconnection settles it.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => pending.WaitAsync(Timeouts.Default, TestContext.Current.CancellationToken));
        Assert.IsType<SocketIODisconnectedException>(error);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Disconnecting_handler_still_sees_the_rooms(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        Json.Equal("[]", await client.EmitWithAckAsync("join-room", "r"));
        var socket = await s.Server.Observer.SocketAsync(client.Sid!);
        var roomsWhileDisconnecting = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.Disconnecting += (sck, _) =>
        {
            roomsWhileDisconnecting.TrySetResult([.. sck.Rooms.Order()]);
            return Task.CompletedTask;
        };

        await client.EmitAsync("disconnect-me");

        Assert.Equal(new[] { client.Sid!, "r" }.Order(), await roomsWhileDisconnecting.Task.WaitAsync(Timeouts.Default, TestContext.Current.CancellationToken));
        await s.Server.Observer.DisconnectAsync(client.Sid!);
        Assert.Empty(socket.Rooms);
    }
}
