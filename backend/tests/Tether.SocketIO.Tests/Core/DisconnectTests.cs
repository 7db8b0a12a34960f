using Tether.EngineIO;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Core;

public sealed class DisconnectTests
{
    private static (Task<string> Disconnecting, Task<string> Disconnected, Task<IReadOnlySet<string>> RoomsWhileDisconnecting) Track(Socket socket)
    {
        var disconnecting = Signals.Create<string>();
        var disconnected = Signals.Create<string>();
        var rooms = Signals.Create<IReadOnlySet<string>>();
        socket.Disconnecting += (s, reason) =>
        {
            rooms.TrySetResult(new HashSet<string>(s.Rooms));
            disconnecting.TrySetResult(reason);
            return Task.CompletedTask;
        };
        socket.Disconnected += (_, reason) =>
        {
            disconnected.TrySetResult(reason);
            return Task.CompletedTask;
        };
        return (disconnecting.WithTimeout(), disconnected.WithTimeout(), rooms.WithTimeout());
    }

    [Fact]
    public async Task ClientDisconnectPacket_DisconnectsWithRoomsStillPresentInDisconnecting()
    {
        await using var harness = new ServerHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.SocketOf(sid);
        socket.Join("lobby");
        var (disconnecting, disconnected, rooms) = Track(socket);

        connection.Receive("1");

        Assert.Equal(DisconnectReasons.ClientNamespaceDisconnect, await disconnecting);
        Assert.Equal(DisconnectReasons.ClientNamespaceDisconnect, await disconnected);
        Assert.Equal(new HashSet<string> { sid, "lobby" }, await rooms);
        Assert.False(socket.Connected);
        Assert.Empty(socket.Rooms);
        Assert.Empty(harness.Server.Sockets.Sockets);
        Assert.Equal(0, ((InMemoryAdapter)harness.Server.Sockets.Adapter).RoomCount);
        Assert.True(connection.IsOpen); // leaving a namespace keeps the Engine.IO connection
    }

    [Fact]
    public async Task ServerDisconnect_SendsDisconnectPacket_AndKeepsTheConnection()
    {
        await using var harness = new ServerHarness();
        harness.Server.Of("/a");
        var connection = harness.Open();
        var sid = await ServerHarness.JoinAsync(connection, "/a");
        var socket = harness.SocketOf(sid, "/a");
        var (_, disconnected, _) = Track(socket);

        await socket.DisconnectAsync();

        Assert.Equal(DisconnectReasons.ServerNamespaceDisconnect, await disconnected);
        Assert.Equal("1/a,", connection.Texts[^1]);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task ServerDisconnectWithClose_DisconnectsEverySocketOfTheConnection_AndClosesIt()
    {
        await using var harness = new ServerHarness();
        harness.Server.Of("/chat");
        var connection = harness.Open();
        var rootSid = await ServerHarness.JoinAsync(connection);
        var chatSid = await ServerHarness.JoinAsync(connection, "/chat");
        var root = Track(harness.SocketOf(rootSid));
        var chat = Track(harness.SocketOf(chatSid, "/chat"));

        await harness.SocketOf(rootSid).DisconnectAsync(close: true);

        Assert.Equal(DisconnectReasons.ServerNamespaceDisconnect, await root.Disconnected);
        Assert.Equal(DisconnectReasons.ServerNamespaceDisconnect, await chat.Disconnected);
        Assert.Contains("1", connection.Texts);
        Assert.Contains("1/chat,", connection.Texts);
        await connection.Closed.WithTimeout();
    }

    [Theory]
    [InlineData(EngineCloseReason.PingTimeout, DisconnectReasons.PingTimeout)]
    [InlineData(EngineCloseReason.TransportClose, DisconnectReasons.TransportClose)]
    [InlineData(EngineCloseReason.ClientClose, DisconnectReasons.TransportClose)]
    [InlineData(EngineCloseReason.TransportError, DisconnectReasons.TransportError)]
    [InlineData(EngineCloseReason.SlowConsumer, DisconnectReasons.TransportError)]
    [InlineData(EngineCloseReason.ServerClose, DisconnectReasons.ForcedClose)]
    public async Task EngineClose_DisconnectsSocketsWithTheMatchingReason(EngineCloseReason engineReason, string expected)
    {
        await using var harness = new ServerHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var (_, disconnected, _) = Track(harness.SocketOf(sid));

        connection.CloseWith(engineReason);

        Assert.Equal(expected, await disconnected);
        Assert.Equal(0, harness.Server.ClientsCount);
    }

    [Fact]
    public async Task PacketForANamespaceNotJoined_ClosesTheConnection()
    {
        await using var harness = new ServerHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var (_, disconnected, _) = Track(harness.SocketOf(sid));

        connection.Receive("2/other,[\"x\"]");

        Assert.Equal(DisconnectReasons.ForcedServerClose, await disconnected);
        await connection.Closed.WithTimeout();
    }

    [Fact]
    public async Task DisconnectedHandlers_RunAfterDisconnectingHandlersComplete()
    {
        await using var harness = new ServerHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.SocketOf(sid);
        var release = Signals.Create<bool>();
        var order = new List<string>();
        socket.Disconnecting += async (_, _) =>
        {
            await release.Task;
            lock (order) order.Add("disconnecting");
        };
        var done = Signals.Create<bool>();
        socket.Disconnected += (_, _) =>
        {
            lock (order) order.Add("disconnected");
            done.TrySetResult(true);
            return Task.CompletedTask;
        };

        connection.Receive("1");
        Assert.True(socket.Connected); // still in Disconnecting
        release.SetResult(true);
        await done.WithTimeout();

        Assert.Equal(["disconnecting", "disconnected"], order);
    }

    [Fact]
    public async Task Shutdown_DisconnectsEverySocket_WithServerShuttingDown()
    {
        var harness = new ServerHarness();
        harness.Server.Of("/chat");
        var (_, rootSid) = await harness.ConnectAsync();
        var (_, chatSid) = await harness.ConnectAsync("/chat");
        var root = Track(harness.SocketOf(rootSid));
        var chat = Track(harness.SocketOf(chatSid, "/chat"));

        await harness.Server.ShutdownAsync().WithTimeout();

        Assert.Equal(DisconnectReasons.ServerShuttingDown, await root.Disconnected);
        Assert.Equal(DisconnectReasons.ServerShuttingDown, await chat.Disconnected);
        Assert.Same(harness.Server.ShutdownAsync(), harness.Server.ShutdownAsync());
        var late = harness.Open();
        Assert.False(late.IsOpen);
    }
}
