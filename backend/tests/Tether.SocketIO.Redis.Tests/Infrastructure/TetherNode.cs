using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>
/// A Tether server on a real Kestrel (127.0.0.1, free port) with its own <see cref="RedisAdapter"/>: a member of the
/// test's cluster. Its "/" namespace behaves like the Node member: a socket joins the rooms in <c>auth.rooms</c>, its
/// data is <c>{name, runtime: "dotnet"}</c>, a "join" event joins a room, and server-side emits are recorded and
/// acknowledged with <c>{from: "dotnet", args}</c>.
/// </summary>
public sealed class TetherNode : IAsyncDisposable
{
    private TetherNode(WebApplication app, string url, CapturingLoggerProvider logs, EventLog serverSide)
    {
        App = app;
        Url = url;
        Logs = logs;
        ServerSide = serverSide;
        Io = app.Services.GetRequiredService<ISocketIOServer>();
    }

    public WebApplication App { get; }

    public string Url { get; }

    public ISocketIOServer Io { get; }

    public RedisAdapter Adapter => (RedisAdapter)Io.Sockets.Adapter;

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Server-side emits received: <c>{type: "serverSideEmit", event, args}</c>.</summary>
    public EventLog ServerSide { get; }

    /// <summary>Starts a node; unless told otherwise, waits until its adapter subscribed (so the test's traffic is heard).</summary>
    public static async Task<TetherNode> StartAsync(
        RedisServer redis, string key, Action<RedisAdapterOptions>? configure = null, bool waitForRedis = true, Action<SocketIOOptions>? configureIo = null)
    {
        var logs = new CapturingLoggerProvider();
        var serverSide = new EventLog();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddSocketIO(o => configureIo?.Invoke(o)).AddRedisAdapter(options =>
        {
            options.Configuration = redis.Configuration();
            options.Key = key;
            configure?.Invoke(options);
        });
        var app = builder.Build();
        var hold = new ConnectHold();
        app.MapSocketIO(io => Configure(io, serverSide, hold));
        await app.StartAsync(new CancellationTokenSource(Timeouts.Default).Token);
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');
        var node = new TetherNode(app, url, logs, serverSide) { RecoveringConnects = hold };
        if (waitForRedis) await Timeouts.WaitUntilAsync(node.Adapter.IsSubscribedAsync, $"the adapter of {url} to subscribe");
        return node;
    }

    /// <summary>Holds the CONNECT of clients presenting a recovery <c>pid</c> in the namespace middleware, when armed.</summary>
    public ConnectHold RecoveringConnects { get; private init; } = new();

    /// <summary>
    /// A gate in the "/" middleware for connections that ask to recover: armed, it reports <see cref="Entered"/>
    /// and waits for <see cref="Release"/> (the middleware runs when <c>SkipMiddlewares</c> is false).
    /// </summary>
    public sealed class ConnectHold
    {
        private volatile TaskCompletionSource? _gate;
        private volatile TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completed when a recovering connection reached the armed gate (renewed by each <see cref="Arm"/>).</summary>
        public TaskCompletionSource Entered => _entered;

        private int _enteredCount;

        /// <summary>How many recovering connections reached the gate since it was last armed.</summary>
        public int EnteredCount => Volatile.Read(ref _enteredCount);

        public void Arm()
        {
            Volatile.Write(ref _enteredCount, 0);
            _entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _gate?.TrySetResult();

        internal async Task PassAsync(Socket socket)
        {
            if (_gate is not { } gate) return;
            if (socket.Handshake.Auth is not { ValueKind: JsonValueKind.Object } auth || !auth.TryGetProperty("pid", out _)) return;
            Interlocked.Increment(ref _enteredCount);
            Entered.TrySetResult();
            await gate.Task.WaitAsync(Timeouts.Default);
        }
    }

    private static void Configure(ISocketIOServer io, EventLog serverSide, ConnectHold hold)
    {
        var nsp = io.Of("/");
        nsp.Use(async (socket, next) =>
        {
            await hold.PassAsync(socket);
            await next();
        });
        nsp.OnConnection(socket =>
        {
            var auth = socket.Handshake.Auth;
            if (auth is { ValueKind: JsonValueKind.Object } a)
            {
                if (a.TryGetProperty("rooms", out var rooms) && rooms.ValueKind == JsonValueKind.Array)
                    socket.Join(rooms.EnumerateArray().Select(r => r.GetString()!).ToArray());
                socket.Data["name"] = a.TryGetProperty("name", out var name) ? name.GetString() : null;
            }
            socket.Data["runtime"] = "dotnet";
            socket.On("join", async (SocketIOArgs args, SocketAck? ack) =>
            {
                socket.Join(args.Get<string>(0)!);
                if (ack is not null) await ack("ok");
            });
            // For the recovery tests: data set after the connection (restored, not re-created by this handler), and
            // a transport closed by the server (recoverable, unlike a DISCONNECT packet).
            socket.On("set", (string name, string value) =>
            {
                socket.Data[name] = value;
                return "ok";
            });
            socket.On("kick", () => socket.Client.Connection.Close());
            return Task.CompletedTask;
        });
        foreach (var eventName in new[] { "sse", "sse-ack" })
        {
            nsp.OnServerSideEmit(eventName, async (args, ack) =>
            {
                serverSide.Add(new JsonObject { ["type"] = "serverSideEmit", ["event"] = eventName, ["args"] = JsonSerializer.SerializeToNode(args.ToArray()) });
                await ack(new JsonObject { ["from"] = "dotnet", ["args"] = JsonSerializer.SerializeToNode(args.ToArray()) });
            });
        }
    }

    /// <summary>The server's log, for failure messages.</summary>
    public string Dump() => $"log of {Url}:\n{Logs.Log.Dump()}";

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await App.StopAsync(cts.Token);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
