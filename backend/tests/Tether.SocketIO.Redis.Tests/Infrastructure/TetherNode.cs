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
    public static async Task<TetherNode> StartAsync(RedisServer redis, string key, Action<RedisAdapterOptions>? configure = null, bool waitForRedis = true)
    {
        var logs = new CapturingLoggerProvider();
        var serverSide = new EventLog();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddSocketIO().AddRedisAdapter(options =>
        {
            options.Configuration = redis.Configuration();
            options.Key = key;
            configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapSocketIO(io => Configure(io, serverSide));
        await app.StartAsync(new CancellationTokenSource(Timeouts.Default).Token);
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');
        var node = new TetherNode(app, url, logs, serverSide);
        if (waitForRedis) await Timeouts.WaitUntilAsync(node.Adapter.IsSubscribedAsync, $"the adapter of {url} to subscribe");
        return node;
    }

    private static void Configure(ISocketIOServer io, EventLog serverSide)
    {
        var nsp = io.Of("/");
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
            socket.On("join", (SocketIOArgs args, SocketAck? _) =>
            {
                socket.Join(args.Get<string>(0)!);
                return Task.CompletedTask;
            });
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
