using Tether.EngineIO;
using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Core;

public sealed class ConnectTests
{
    [Fact]
    public async Task Connect_ReplyCarriesSid_AndSocketIsInItsOwnRoom()
    {
        await using var harness = new ServerHarness();
        var (connection, sid) = await harness.ConnectAsync();

        Assert.Equal($"0{{\"sid\":\"{sid}\"}}", connection.Texts[0]);
        var socket = harness.SocketOf(sid);
        Assert.True(socket.Connected);
        Assert.Contains(sid, socket.Rooms);
        Assert.Equal(20, sid.Length);
        Assert.Equal(1, harness.Server.ClientsCount);
    }

    [Fact]
    public async Task ConnectReply_IsQueuedBeforeAnythingTheConnectionHandlerEmits()
    {
        await using var harness = new ServerHarness();
        harness.Server.Sockets.OnConnection(async socket =>
        {
            await socket.EmitAsync("welcome", 1);
            await socket.To("nobody").EmitAsync("ignored");
        });

        var (connection, _) = await harness.ConnectAsync();
        await connection.WaitForPrefixAsync("2[\"welcome\"");

        Assert.StartsWith("0{\"sid\"", connection.Texts[0]);
        Assert.Equal("2[\"welcome\",1]", connection.Texts[1]);
    }

    [Fact]
    public async Task ConnectReply_PrecedesEmitsOfAsynchronousMiddlewareAndHandlers()
    {
        await using var harness = new ServerHarness();
        var nsp = harness.Server.Of("/slow");
        nsp.Use(async (_, next) =>
        {
            await Task.Yield();
            await next();
        });
        nsp.OnConnection(async socket =>
        {
            await Task.Yield();
            await socket.EmitAsync("first");
        });
        nsp.OnConnection(socket => socket.EmitAsync("second"));

        var connection = harness.Open();
        connection.Receive("0/slow,");
        await connection.WaitForPrefixAsync("2/slow,[\"second\"");

        Assert.StartsWith("0/slow,{\"sid\"", connection.Texts[0]);
        Assert.Equal("2/slow,[\"first\"]", connection.Texts[1]);
    }

    [Fact]
    public async Task Middleware_SeesAuthAndHandshake()
    {
        await using var harness = new ServerHarness();
        var seen = Signals.Create<SocketHandshake>();
        harness.Server.Of("/admin").Use((socket, next) =>
        {
            seen.TrySetResult(socket.Handshake);
            return next();
        });

        var connection = harness.Open(ctx =>
        {
            ctx.Request.Headers["X-Test"] = "yes";
            ctx.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?EIO=4&transport=polling&room=blue");
        });
        connection.Receive("0/admin,{\"token\":\"x\"}");
        var handshake = await seen.WithTimeout();
        await connection.WaitForPrefixAsync("0/admin,{\"sid\"");

        Assert.Equal("x", handshake.Auth!.Value.GetProperty("token").GetString());
        Assert.Equal("x", handshake.GetAuth<TokenAuth>()!.Token);
        Assert.Equal("yes", handshake.Headers["x-test"]);
        Assert.Equal("blue", handshake.Query["room"]);
        Assert.Equal("127.0.0.1", handshake.Address);
        Assert.False(handshake.Secure);
        Assert.StartsWith("/socket.io/", handshake.Url);
    }

    private sealed record TokenAuth(string Token);

    [Fact]
    public async Task UnknownNamespace_GetsConnectError_AndTheConnectionStays()
    {
        await using var harness = new ServerHarness();
        var connection = harness.Open();

        connection.Receive("0/nope,");

        Assert.Equal("4/nope,{\"message\":\"Invalid namespace\"}", await connection.WaitForPrefixAsync("4/nope,"));
        Assert.True(connection.IsOpen);
        Assert.NotNull(await ServerHarness.JoinAsync(connection));
    }

    [Fact]
    public async Task MiddlewareRefusal_SendsMessageAndData()
    {
        await using var harness = new ServerHarness();
        harness.Server.Sockets.Use((_, _) => throw new SocketIOConnectException("not authorized", new { code = 401 }));
        var connection = harness.Open();

        connection.Receive("0");

        Assert.Equal("4{\"message\":\"not authorized\",\"data\":{\"code\":401}}", await connection.WaitForPrefixAsync("4"));
        Assert.Empty(harness.Server.Sockets.Sockets);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task MiddlewareRefusal_WithoutData_OmitsData()
    {
        await using var harness = new ServerHarness();
        harness.Server.Sockets.Use(async (_, _) =>
        {
            await Task.Yield();
            throw new SocketIOConnectException("go away");
        });
        var connection = harness.Open();

        connection.Receive("0");

        Assert.Equal("4{\"message\":\"go away\"}", await connection.WaitForPrefixAsync("4"));
    }

    [Fact]
    public async Task MiddlewareFailure_IsReportedGenerically()
    {
        await using var harness = new ServerHarness();
        harness.Server.Sockets.Use((_, _) => throw new InvalidOperationException("db password is hunter2"));
        var connection = harness.Open();

        connection.Receive("0");

        Assert.Equal("4{\"message\":\"Internal server error\"}", await connection.WaitForPrefixAsync("4"));
    }

    [Fact]
    public async Task MiddlewareThatDoesNotCallNext_Refuses()
    {
        await using var harness = new ServerHarness();
        harness.Server.Sockets.Use((_, _) => Task.CompletedTask);
        var connection = harness.Open();

        connection.Receive("0");

        Assert.Equal("4{\"message\":\"Connection refused\"}", await connection.WaitForPrefixAsync("4"));
    }

    [Fact]
    public async Task Middleware_CanSetUserAndData_AndRunsInOrder()
    {
        await using var harness = new ServerHarness();
        var order = new List<int>();
        harness.Server.Sockets
            .Use(async (socket, next) =>
            {
                order.Add(1);
                socket.Data["role"] = "admin";
                await next();
                order.Add(3);
            })
            .Use((socket, next) =>
            {
                order.Add(2);
                socket.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new("name", "ann")], "test"));
                return next();
            });

        var (_, sid) = await harness.ConnectAsync();
        var socket = harness.SocketOf(sid);

        Assert.Equal([1, 2, 3], order);
        Assert.Equal("admin", socket.Data["role"]);
        Assert.Equal("ann", socket.User.FindFirst("name")!.Value);
    }

    [Fact]
    public async Task ConnectTimeout_ClosesAConnectionThatJoinsNoNamespace()
    {
        await using var harness = new ServerHarness(o => o.ConnectTimeout = TimeSpan.FromMilliseconds(100));
        var idle = harness.Open();
        var joined = harness.Open();
        await ServerHarness.JoinAsync(joined);

        await idle.Closed.WithTimeout();
        // A marker rather than a wait: a connection opened after the joined one is closed by its own timer, so the
        // joined connection's timer (started earlier) would have fired by then too.
        var later = harness.Open();
        await later.Closed.WithTimeout();

        Assert.Equal(EngineCloseReason.ServerClose, idle.CloseReason);
        Assert.Equal(EngineCloseReason.ServerClose, later.CloseReason);
        Assert.True(joined.IsOpen);
        Assert.Equal(1, harness.Server.ClientsCount);
    }

    [Fact]
    public async Task OneConnection_MultiplexesSeveralNamespaces()
    {
        await using var harness = new ServerHarness();
        var received = new List<string>();
        harness.Server.Sockets.OnConnection(s =>
        {
            s.On("ping", () => { lock (received) received.Add("/:" + s.Id); });
            return Task.CompletedTask;
        });
        harness.Server.Of("/chat").OnConnection(s =>
        {
            s.On("ping", () => { lock (received) received.Add("/chat:" + s.Id); });
            return Task.CompletedTask;
        });

        var connection = harness.Open();
        var rootSid = await ServerHarness.JoinAsync(connection);
        var chatSid = await ServerHarness.JoinAsync(connection, "/chat");
        connection.Receive("2[\"ping\"]");
        connection.Receive("2/chat,[\"ping\"]");

        Assert.NotEqual(rootSid, chatSid);
        Assert.Equal(["/:" + rootSid, "/chat:" + chatSid], received);
        await harness.Server.Of("/chat").EmitAsync("news");
        Assert.Equal("2/chat,[\"news\"]", connection.Texts[^1]);
    }

    [Fact]
    public async Task DuplicateConnect_ForAConnectedNamespace_IsIgnored()
    {
        await using var harness = new ServerHarness();
        var (connection, sid) = await harness.ConnectAsync();

        connection.Receive("0");

        Assert.True(connection.IsOpen);
        Assert.Single(connection.Texts, t => t.StartsWith("0{", StringComparison.Ordinal));
        Assert.Equal([sid], harness.Server.Sockets.Sockets.Keys);
    }

    [Fact]
    public async Task Reconnect_WhileTheOldSocketIsStillDisconnecting_GetsANewSocket()
    {
        await using var harness = new ServerHarness();
        var (connection, oldSid) = await harness.ConnectAsync();
        var release = Signals.Create<bool>();
        harness.SocketOf(oldSid).Disconnecting += async (_, _) => await release.Task;

        connection.Receive("1");
        connection.Receive("0");
        var replies = await connection.WaitForTextAsync(t => t.StartsWith("0{", StringComparison.Ordinal) && !t.Contains(oldSid));
        release.SetResult(true);

        var newSid = replies["0{\"sid\":\"".Length..^2];
        Assert.NotEqual(oldSid, newSid);
        var received = Signals.Create<string>();
        harness.SocketOf(newSid).On("ping", (Socket s) => received.TrySetResult(s.Id));
        connection.Receive("2[\"ping\"]");
        Assert.Equal(newSid, await received.WithTimeout());
    }
}
