using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Core;

public sealed class EventBindingTests
{
    private static async Task<(ServerHarness Harness, FakeEngineConnection Connection, Socket Socket)> ConnectAsync()
    {
        var harness = new ServerHarness();
        var (connection, sid) = await harness.ConnectAsync();
        return (harness, connection, harness.SocketOf(sid));
    }

    public sealed record Point(int X, int Y);

    [Fact]
    public async Task TypedParameters_BindInOrder()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var got = Signals.Create<(string, int, Point, int[])>();
        socket.On("move", (string who, int steps, Point to, int[] path) => got.TrySetResult((who, steps, to, path)));

        connection.Receive("2[\"move\",\"ann\",3,{\"x\":1,\"y\":2},[4,5]]");

        var (who, steps, to, path) = await got.WithTimeout();
        Assert.Equal("ann", who);
        Assert.Equal(3, steps);
        Assert.Equal(new Point(1, 2), to);
        Assert.Equal([4, 5], path);
    }

    [Fact]
    public async Task SynchronousHandler_RunsOnTheReadLoopThread()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var threadId = -1;
        socket.On("e", () => threadId = Environment.CurrentManagedThreadId);

        connection.Receive("2[\"e\"]");

        Assert.Equal(Environment.CurrentManagedThreadId, threadId);
    }

    [Fact]
    public async Task AsynchronousHandler_DoesNotBlockTheReadLoop()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var gate = Signals.Create<bool>();
        var second = Signals.Create<bool>();
        socket.On("slow", async () => await gate.Task);
        socket.On("fast", () => second.TrySetResult(true));

        connection.Receive("2[\"slow\"]");
        connection.Receive("2[\"fast\"]");

        Assert.True(await second.WithTimeout());
        gate.SetResult(true);
    }

    [Fact]
    public async Task AckParameter_SendsAckWithTheSameIdOnce()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        socket.On("greet", async (string name, SocketAck ack) =>
        {
            await ack("hi " + name);
            await ack("again");
        });

        connection.Receive("27[\"greet\",\"bob\"]");

        Assert.Equal("37[\"hi bob\"]", await connection.WaitForPrefixAsync("3"));
        Assert.Single(connection.Texts, t => t.StartsWith('3'));
    }

    [Fact]
    public async Task AckOnANamespace_CarriesTheNamespace()
    {
        await using var harness = new ServerHarness();
        harness.Server.Of("/math").OnConnection(s =>
        {
            s.On("sum", (int a, int b) => a + b);
            return Task.CompletedTask;
        });
        var connection = harness.Open();
        await ServerHarness.JoinAsync(connection, "/math");

        connection.Receive("2/math,12[\"sum\",2,3]");

        Assert.Equal("3/math,12[5]", await connection.WaitForPrefixAsync("3/math,"));
    }

    [Fact]
    public async Task ReturnValue_IsTheAck_ForSyncAndAsyncHandlers()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        socket.On("sum", (int a, int b) => a + b);
        socket.On("later", async (string s) =>
        {
            await Task.Yield();
            return s.ToUpperInvariant();
        });
        socket.On("vt", (int a) => new ValueTask<int>(a * 2));

        connection.Receive("21[\"sum\",1,2]");
        connection.Receive("22[\"later\",\"abc\"]");
        connection.Receive("23[\"vt\",21]");

        Assert.Equal("31[3]", await connection.WaitForPrefixAsync("31"));
        Assert.Equal("32[\"ABC\"]", await connection.WaitForPrefixAsync("32"));
        Assert.Equal("33[42]", await connection.WaitForPrefixAsync("33"));
    }

    [Fact]
    public async Task ReturnValue_IsNotSent_WhenTheClientAskedNoAck()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var called = Signals.Create<bool>();
        socket.On("sum", (int a, int b) =>
        {
            called.TrySetResult(true);
            return a + b;
        });

        connection.Receive("2[\"sum\",1,2]");

        Assert.True(await called.WithTimeout());
        Assert.DoesNotContain(connection.Texts, t => t.StartsWith('3'));
    }

    [Fact]
    public async Task BindFailure_WithAck_RepliesWithError_AndTheConnectionStays()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var calls = 0;
        socket.On("num", (int n) => Interlocked.Increment(ref calls));

        connection.Receive("24[\"num\",\"not a number\"]");

        Assert.Equal("34[{\"error\":\"Invalid argument 0 for event \\u0022num\\u0022: expected integer.\"}]", await connection.WaitForPrefixAsync("34"));
        Assert.Equal(0, calls);
        connection.Receive("2[\"num\",5]");
        Assert.Equal(1, calls);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task BindFailure_WithoutAck_IsDropped()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var calls = 0;
        socket.On("num", (int n) => Interlocked.Increment(ref calls));
        var sentBefore = connection.Sends.Count;

        connection.Receive("2[\"num\",{\"a\":1}]");
        connection.Receive("2[\"num\",null]");
        connection.Receive("2[\"num\"]");

        Assert.Equal(0, calls);
        Assert.Equal(sentBefore, connection.Sends.Count);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task MissingArguments_UseDefaultsOrNull()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var got = Signals.Create<(string?, int, int?)>();
        socket.On("opt", (string? a, int b = 7, int? c = null) => got.TrySetResult((a, b, c)));

        connection.Receive("2[\"opt\"]");

        Assert.Equal((null, 7, null), await got.WithTimeout());
    }

    [Fact]
    public async Task SpecialParameters_AreSupplied()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var got = Signals.Create<(Socket, SocketIOArgs, CancellationToken, string, SocketAck)>();
        socket.On("special", (Socket s, string first, SocketIOArgs all, CancellationToken ct, SocketAck ack)
            => got.TrySetResult((s, all, ct, first, ack)));

        connection.Receive("2[\"special\",\"a\",\"b\"]");

        var (boundSocket, args, token, first, noAck) = await got.WithTimeout();
        Assert.Same(socket, boundSocket);
        Assert.Equal(2, args.Count);
        Assert.Equal("b", args.Get<string>(1));
        Assert.Equal("a", first);
        await noAck("ignored"); // no ack requested: a harmless no-op
        Assert.DoesNotContain(connection.Texts, t => t.StartsWith('3'));
        Assert.False(token.IsCancellationRequested);
        await socket.DisconnectAsync();
        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public async Task RawHandler_GetsArgsAndNullableAck()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var acks = new List<SocketAck?>();
        socket.On("raw", (SocketIOArgs args, SocketAck? ack) =>
        {
            acks.Add(ack);
            return ack?.Invoke(args.Count) ?? Task.CompletedTask;
        });

        connection.Receive("2[\"raw\",1]");
        connection.Receive("29[\"raw\",1,2]");

        Assert.Null(acks[0]);
        Assert.NotNull(acks[1]);
        Assert.Equal("39[2]", await connection.WaitForPrefixAsync("39"));
    }

    [Fact]
    public async Task HandlerException_IsLogged_AndTheConnectionStays()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var ok = Signals.Create<bool>();
        socket.On("boom", new Action(() => throw new InvalidOperationException("sync")));
        socket.On("boomAsync", async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("async");
        });
        socket.On("ok", () => ok.TrySetResult(true));

        connection.Receive("2[\"boom\"]");
        connection.Receive("2[\"boomAsync\"]");
        connection.Receive("2[\"ok\"]");

        Assert.True(await ok.WithTimeout());
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task SeveralHandlers_ForOneEvent_AllRun_AndOffRemovesThem()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var calls = new List<string>();
        socket.On("e", () => calls.Add("a"));
        socket.On("e", () => calls.Add("b"));

        connection.Receive("2[\"e\"]");
        socket.Off("e");
        connection.Receive("2[\"e\"]");

        Assert.Equal(["a", "b"], calls);
    }

    [Fact]
    public async Task OnAny_AndOnAnyOutgoing_SeeEveryEvent()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var incoming = new List<string>();
        var outgoing = new List<string>();
        socket.OnAny((name, args) =>
        {
            incoming.Add($"{name}:{args.Count}");
            return Task.CompletedTask;
        });
        socket.OnAnyOutgoing((name, args) =>
        {
            outgoing.Add($"{name}:{args.Length}");
            return Task.CompletedTask;
        });

        connection.Receive("2[\"unhandled\",1,2]");
        await socket.EmitAsync("out", "x");

        Assert.Equal(["unhandled:2"], incoming);
        Assert.Equal(["out:1"], outgoing);
    }

    [Fact]
    public async Task PacketMiddleware_CanDropOrRefuse_RefusalRaisesError()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var handled = new List<string>();
        var error = Signals.Create<Exception>();
        socket.Use((ev, next) => ev.Name == "secret" ? throw new UnauthorizedAccessException("nope") : next());
        socket.Use(async (ev, next) =>
        {
            if (ev.Name != "dropped") await next();
        });
        socket.Error += (_, e) =>
        {
            error.TrySetResult(e);
            return Task.CompletedTask;
        };
        foreach (var name in new[] { "secret", "dropped", "fine" })
            socket.On(name, () => { lock (handled) handled.Add(name); });

        connection.Receive("2[\"secret\"]");
        connection.Receive("2[\"dropped\"]");
        connection.Receive("2[\"fine\"]");

        Assert.IsType<UnauthorizedAccessException>(await error.WithTimeout());
        Assert.Equal(["fine"], handled);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task BinaryArguments_BindToBytes()
    {
        var (harness, connection, socket) = await ConnectAsync();
        await using var lifetime = harness;
        var got = Signals.Create<(string, byte[])>();
        socket.On("upload", (string name, byte[] data) => got.TrySetResult((name, data)));

        connection.Receive("51-[\"upload\",\"f\",{\"_placeholder\":true,\"num\":0}]");
        connection.ReceiveBinary([1, 2, 3]);

        var (name, data) = await got.WithTimeout();
        Assert.Equal("f", name);
        Assert.Equal([1, 2, 3], data);
    }

    [Fact]
    public async Task ReservedEventNames_CannotBeEmitted()
    {
        var (harness, _, socket) = await ConnectAsync();
        await using var lifetime = harness;

        Assert.Throws<ArgumentException>(() => { _ = socket.EmitAsync("connect"); });
        Assert.Throws<ArgumentException>(() => { _ = socket.EmitAsync("disconnect"); });
        Assert.Throws<ArgumentException>(() => { _ = harness.Server.EmitAsync("connect_error"); });
    }
}
