using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>Disconnections started by either side, with the reasons Node's server and client report.</summary>
public sealed class DisconnectTests
{
    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Server_side_disconnect_reaches_the_client(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        var other = await s.Clients.ConnectAsync("b");

        await client.EmitAsync("disconnect-me");

        Assert.Equal("io server disconnect", await client.DisconnectedAsync());
        Assert.Equal("server namespace disconnect", (await s.Server.Observer.DisconnectAsync(client.Sid!)).Str("reason"));
        await Rooms.MarkAsync(s, other);
        Assert.False(other.IsDisconnected);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Client_disconnect_is_seen_by_the_server(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");

        await client.DisconnectAsync();

        var reason = (await s.Server.Observer.DisconnectAsync(client.Sid!)).Str("reason");
        Assert.Equal("client namespace disconnect", reason);
        Assert.Empty(s.Server.Io.Sockets.Sockets);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Server_socket_DisconnectAsync_with_close_ends_the_connection(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        var socket = await s.Server.Observer.SocketAsync(client.Sid!);

        await socket.DisconnectAsync(close: true);

        await client.DisconnectedAsync();
        await s.Server.Observer.DisconnectAsync(client.Sid!);
        Assert.False(socket.Connected);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Server_shutdown_disconnects_every_client(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var a = await s.Clients.ConnectAsync("a");
        var b = await s.Clients.ConnectAsync("b", "/custom");

        await s.Server.Io.ShutdownAsync().WaitAsync(Timeouts.Default, TestContext.Current.CancellationToken);

        Assert.Equal("server shutting down", (await s.Server.Observer.DisconnectAsync(a.Sid!)).Str("reason"));
        Assert.Equal("server shutting down", (await s.Server.Observer.DisconnectAsync(b.Sid!, "/custom")).Str("reason"));
        // No DISCONNECT packet: the clients see the transport go away (and would reconnect elsewhere).
        Assert.NotEqual("io server disconnect", await a.DisconnectedAsync());
        Assert.NotEqual("io server disconnect", await b.DisconnectedAsync());
        Assert.Equal(0, s.Server.Io.ClientsCount);
    }
}
