using System.Diagnostics;
using System.Text.Json.Nodes;
using SocketIOClient.Transport;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;
using ClientOptions = global::SocketIOClient.SocketIOOptions;
using ClientSocket = global::SocketIOClient.SocketIO;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// Real clients against a server that takes WebSocket handshakes before Kestrel's HTTP layer, in connection middleware
/// (<c>ListenOptions.UseSocketIO()</c>) or at accept (<c>WebHost.UseSocketIOTransport()</c>): the same behaviour as
/// through the HTTP pipeline, which those handshakes never reach (<see cref="TestServer.Transports"/> records every
/// request that does).
/// </summary>
public sealed class DirectWebSocketTests
{
    private static readonly HandshakePath[] DirectPaths = [HandshakePath.Connection, HandshakePath.Accept];

    /// <summary>Both clients, WebSocket only and polling then upgrade, on both direct paths.</summary>
    public static TheoryData<ClientKind, TransportMode, HandshakePath> WebSocketModes()
    {
        var data = new TheoryData<ClientKind, TransportMode, HandshakePath>();
        foreach (var kind in Enum.GetValues<ClientKind>())
            foreach (var path in DirectPaths)
            {
                data.Add(kind, TransportMode.WebSocket, path);
                data.Add(kind, TransportMode.PollingThenUpgrade, path);
            }
        return data;
    }

    public static TheoryData<ClientKind> Kinds() => new(Enum.GetValues<ClientKind>());

    /// <summary>Both clients on both direct paths.</summary>
    public static TheoryData<ClientKind, HandshakePath> KindsOnDirectPaths()
    {
        var data = new TheoryData<ClientKind, HandshakePath>();
        foreach (var kind in Enum.GetValues<ClientKind>())
            foreach (var path in DirectPaths)
                data.Add(kind, path);
        return data;
    }

    public static TheoryData<HandshakePath> OnDirectPaths() => new(DirectPaths);

    [Theory]
    [MemberData(nameof(WebSocketModes))]
    public async Task Clients_ack_and_get_room_broadcasts_over_the_direct_path(ClientKind kind, TransportMode mode, HandshakePath path)
    {
        await using var server = await TestServer.StartAsync(path: path);
        await using var clients = await TestClients.StartAsync(kind, mode, server);
        var a = await clients.ConnectAsync("a");
        var b = await clients.ConnectAsync("b");
        var c = await clients.ConnectAsync("c");
        if (kind == ClientKind.Node && mode == TransportMode.PollingThenUpgrade)
        {
            await ((NodeTestClient)a).UpgradedAsync();
            await ((NodeTestClient)b).UpgradedAsync();
        }
        var socketA = await server.Observer.SocketAsync(a.Sid!);
        var socketB = await server.Observer.SocketAsync(b.Sid!);
        await WaitForWebSocketAsync(socketA);
        await WaitForWebSocketAsync(socketB);

        // Acks both ways.
        Json.Equal("""["hi",{"n":1}]""", await a.EmitWithAckAsync("message-with-ack", "hi", new JsonObject { ["n"] = 1 }));
        Json.Equal("""[[1,2,3]]""", await b.EmitWithAckAsync("message-with-ack", new JsonArray(1, 2, 3)));
        await a.AnswerAcksAsync("question", new JsonArray("yes"));
        var reply = await socketA.EmitWithAckAsync("question", Timeouts.Default, "ready?");
        Assert.Equal("yes", reply.Get<string>(0));

        // A room with a and b: the server's broadcast and c's (socket.to excludes the sender) reach both, not c.
        Json.Equal("[]", await a.EmitWithAckAsync("join-room", "r"));
        Json.Equal("[]", await b.EmitWithAckAsync("join-room", "r"));
        await server.Io.To("r").EmitAsync("room-message", "from server");
        await c.EmitAsync("broadcast-to-room", "r", "from c");
        foreach (var member in new[] { a, b })
        {
            Json.Equal("""["from server"]""", await member.EventAsync("room-message"));
            Json.Equal("""["from c"]""", await member.EventAsync("room-message", 1));
        }
        // Whatever was sent to c before this broadcast to everyone has arrived once it has.
        await server.Io.EmitAsync("marker");
        foreach (var client in new[] { a, b, c }) await client.EventAsync("marker");
        Assert.Equal(0, c.CountEvents("room-message"));
        Assert.Equal(2, a.CountEvents("room-message"));
        Assert.Equal(2, b.CountEvents("room-message"));

        // No WebSocket handshake reached the HTTP pipeline: all were taken at the connection level.
        Assert.False(server.Transports.SawWebSocket, "a WebSocket request reached the HTTP pipeline:\n" + server.Transports.Log.Dump());
        if (mode == TransportMode.WebSocket) Assert.Empty(server.Transports.Requests);
        else Assert.True(server.Transports.SawPolling, "expected the polling handshake to go through the HTTP pipeline");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Without_the_direct_path_the_websocket_handshake_reaches_the_http_pipeline(ClientKind kind)
    {
        // The control for the assertion above: the recorder does see Kestrel's upgrades.
        await using var server = await TestServer.StartAsync();
        await using var clients = await TestClients.StartAsync(kind, TransportMode.WebSocket, server);
        var a = await clients.ConnectAsync("a");
        Json.Equal("""["x"]""", await a.EmitWithAckAsync("message-with-ack", "x"));
        await server.Transports.AssertModeAsync(TransportMode.WebSocket, kind);
        Assert.True(server.Transports.SawWebSocket);
    }

    [Theory]
    [MemberData(nameof(KindsOnDirectPaths))]
    public async Task Handshake_of_a_direct_connection_has_query_headers_and_address(ClientKind kind, HandshakePath path)
    {
        await using var server = await TestServer.StartAsync(path: path);
        await using var clients = await TestClients.StartAsync(kind, TransportMode.WebSocket, server);
        var a = await clients.ConnectAsync("a");
        var handshake = (await server.Observer.SocketAsync(a.Sid!)).Handshake;

        Assert.Equal("4", handshake.Query["EIO"]);
        Assert.Equal("websocket", handshake.Query["transport"]);
        Assert.Equal(new Uri(server.Url).Authority, handshake.Headers["Host"]);
        Assert.Equal("websocket", handshake.Headers["Upgrade"], ignoreCase: true);
        Assert.Equal(24, handshake.Headers["Sec-WebSocket-Key"].Length);
        Assert.Equal("127.0.0.1", handshake.Address);
        Assert.StartsWith("/socket.io/?", handshake.Url);
        Assert.Contains("transport=websocket", handshake.Url);
        Assert.False(handshake.Secure);
        Assert.False(handshake.User.Identity?.IsAuthenticated ?? false);
        Assert.Empty(server.Transports.Requests);
    }

    [Theory]
    [MemberData(nameof(OnDirectPaths))]
    public async Task Query_params_and_extra_headers_from_the_client_reach_the_handshake(HandshakePath path)
    {
        await using var server = await TestServer.StartAsync(path: path);
        using var client = new ClientSocket(new Uri(server.Url + "/"), new ClientOptions
        {
            EIO = 4,
            Transport = TransportProtocol.WebSocket,
            AutoUpgrade = false,
            Reconnection = false,
            ConnectionTimeout = Timeouts.Default,
            Query = [new("token", "q 1"), new("room", "lobby")],
            ExtraHeaders = new Dictionary<string, string> { ["X-Custom"] = "header value" },
        });
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.OnConnected += (_, _) => connected.TrySetResult();
        await client.ConnectAsync();
        await connected.Task.WaitAsync(Timeouts.Default, TestContext.Current.CancellationToken);

        var handshake = (await server.Observer.SocketAsync(client.Id)).Handshake;
        Assert.Equal("q 1", handshake.Query["token"]);
        Assert.Equal("lobby", handshake.Query["room"]);
        Assert.Equal("header value", handshake.Headers["x-custom"]);
        Assert.Equal("127.0.0.1", handshake.Address);
        Assert.Contains("room=lobby", handshake.Url);
        Assert.Empty(server.Transports.Requests);
        await client.DisconnectAsync();
    }

    [Theory]
    [MemberData(nameof(OnDirectPaths))]
    public async Task Stopping_the_app_closes_direct_connections_promptly(HandshakePath path)
    {
        await using var server = await TestServer.StartAsync(path: path);
        await using var socket = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);
        Assert.Empty(server.Transports.Requests);

        var clock = Stopwatch.StartNew();
        await server.App.StopAsync(TestContext.Current.CancellationToken).WaitAsync(Timeouts.Default, TestContext.Current.CancellationToken);
        await socket.WaitClosedAsync();

        // Kestrel waits up to its shutdown timeout (30 s) for connections still open: none were.
        Assert.True(clock.ElapsedMilliseconds < 5000, $"stopping took {clock.ElapsedMilliseconds} ms with one direct WebSocket");
        var disconnect = await server.Observer.Log.WaitAsync(r => r.Type() == "disconnect", "the socket to be disconnected");
        Assert.Equal("server shutting down", disconnect.Str("reason"));
    }

    /// <summary>Waits until the server-side socket's connection runs over WebSocket (a client may upgrade after connecting).</summary>
    private static async Task WaitForWebSocketAsync(Socket socket)
    {
        var deadline = Stopwatch.StartNew();
        while (socket.TransportName != "websocket")
        {
            if (deadline.Elapsed > Timeouts.Default) Assert.Fail($"the connection stayed on {socket.TransportName}");
            await Task.Delay(10); // no event tells an upgrade on the server side: poll, bounded
        }
    }
}
