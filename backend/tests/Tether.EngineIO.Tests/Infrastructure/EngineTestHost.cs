using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tether.EngineIO.Connections;

namespace Tether.EngineIO.Tests.Infrastructure;

/// <summary>A real Kestrel on 127.0.0.1 with an echo Engine.IO server at /engine.io/, plus raw-protocol helpers.</summary>
public sealed class EngineTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _httpRequests;

    private EngineTestHost(WebApplication app, EngineServer server, EchoHandler handler, Uri baseUri, ConcurrentQueue<string> httpRequests)
    {
        _app = app;
        _httpRequests = httpRequests;
        Server = server;
        Handler = handler;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public EngineServer Server { get; }

    /// <summary>The events the Engine.IO server logged (Debug and up), to await.</summary>
    public LogEvents Logs { get; private init; } = null!;
    public EchoHandler Handler { get; }
    public Uri BaseUri { get; }
    public HttpClient Http { get; }

    /// <summary>The application, for tests that stop it themselves.</summary>
    public WebApplication App => _app;

    /// <summary>
    /// Every request that reached the HTTP pipeline, as <c>METHOD path?query</c>, with <c> upgrade</c> appended when it
    /// asked for a WebSocket upgrade: handshakes taken at the connection level never show up here.
    /// </summary>
    public IReadOnlyList<string> HttpRequests => _httpRequests.ToArray();

    /// <param name="configure">Engine.IO options.</param>
    /// <param name="http2">Serve cleartext HTTP/2 only (prior knowledge), for RFC 8441 WebSocket tests.</param>
    /// <param name="path">Where WebSocket handshakes are taken.</param>
    public static async Task<EngineTestHost> StartAsync(Action<EngineIOOptions>? configure = null, bool http2 = false, HandshakePath path = HandshakePath.Http)
    {
        var builder = WebApplication.CreateSlimBuilder();
        EngineServer? server = null;
        if (path == HandshakePath.Accept) builder.WebHost.UseEngineIOTransport(_ => server!);
        builder.WebHost.UseKestrel(k => k.ConfigureEndpointDefaults(l =>
        {
            if (http2) l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2;
            // The server is created after Build(); the middleware asks for it at the first connection.
            if (path == HandshakePath.Connection) l.UseEngineIO(() => server!);
        })).UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var logs = new LogEvents();
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter<LogEvents>("Tether.EngineIO", LogLevel.Debug);
        var app = builder.Build();
        var httpRequests = new ConcurrentQueue<string>();
        app.Use((context, next) =>
        {
            var request = context.Request;
            bool upgrade = request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase);
            httpRequests.Enqueue($"{request.Method} {request.Path}{request.QueryString}{(upgrade ? " upgrade" : "")}");
            return next(context);
        });
        var options = new EngineIOOptions();
        configure?.Invoke(options);
        var handler = new EchoHandler();
        server = new EngineServer(options, handler, app.Services.GetRequiredService<ILoggerFactory>());
        app.MapEngineIO(server);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new EngineTestHost(app, server, handler, new Uri(address), httpRequests) { Logs = logs };
        if (http2)
        {
            host.Http.DefaultRequestVersion = HttpVersion.Version20;
            host.Http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            host.IsHttp2 = true;
        }
        return host;
    }

    public bool IsHttp2 { get; private set; }

    public static string PollingUrl(string? sid = null) => "/engine.io/?EIO=4&transport=polling" + (sid is null ? "" : "&sid=" + sid);

    public Uri WebSocketUri(string? sid = null)
        => new($"ws://{BaseUri.Authority}/engine.io/?EIO=4&transport=websocket" + (sid is null ? "" : "&sid=" + sid));

    /// <summary>Polling handshake: returns the sid and the open packet's JSON.</summary>
    public async Task<(string Sid, JsonElement Open)> HandshakeAsync()
    {
        var body = await Http.GetStringAsync(PollingUrl());
        Assert.StartsWith("0", body);
        var open = JsonDocument.Parse(body[1..]).RootElement.Clone();
        return (open.GetProperty("sid").GetString()!, open);
    }

    public async Task<string> PollAsync(string sid, CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync(PollingUrl(sid), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public Task<HttpResponseMessage> PostAsync(string sid, string payload)
        => Http.PostAsync(PollingUrl(sid), new StringContent(payload, Encoding.UTF8, "text/plain"));

    /// <summary>Waits until a GET for the session is parked on the server (the only way to know a long-poll is pending).</summary>
    public async Task WaitForWaitingGetAsync(string sid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Server.FindSession(sid)?.Polling?.HasWaitingGet != true)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no GET became pending");
            await Task.Delay(5);
        }
    }

    /// <summary>
    /// A polling session with a parked GET upgrades to a WebSocket: probe, then the upgrade packet. Checks that the
    /// session stays on polling until then, the probe is answered, and the parked GET is released with a noop (so the
    /// client can pause polling).
    /// </summary>
    public async Task<(string Sid, ClientWebSocket WebSocket)> UpgradeAsync()
    {
        var (sid, _) = await HandshakeAsync();
        var pendingGet = PollAsync(sid);
        await WaitForWaitingGetAsync(sid);
        var ws = await ConnectWebSocketAsync(sid);
        Assert.Equal("polling", Handler.Connections[sid].TransportName);
        await ws.SendTextAsync("2probe");
        Assert.Equal("3probe", (await ws.ReceiveMessageAsync()).Text);
        Assert.Equal("6", await pendingGet.WaitAsync(TimeSpan.FromSeconds(10)));
        await ws.SendTextAsync("5");
        return (sid, ws);
    }

    public async Task<ClientWebSocket> ConnectWebSocketAsync(string? sid = null, Action<ClientWebSocketOptions>? configure = null)
    {
        var ws = new ClientWebSocket();
        configure?.Invoke(ws.Options);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        if (IsHttp2)
        {
            ws.Options.HttpVersion = HttpVersion.Version20;
            ws.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            await ws.ConnectAsync(WebSocketUri(sid), new HttpMessageInvoker(new SocketsHttpHandler()), cts.Token);
        }
        else
        {
            await ws.ConnectAsync(WebSocketUri(sid), cts.Token);
        }
        return ws;
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A received WebSocket message (or close).</summary>
public sealed record WsMessage(WebSocketMessageType Type, byte[] Data, WebSocketCloseStatus? CloseStatus)
{
    public string Text => Encoding.UTF8.GetString(Data);
}

public static class WebSocketExtensions
{
    public static async Task<WsMessage> ReceiveMessageAsync(this ClientWebSocket ws, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var data = new MemoryStream();
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return new WsMessage(result.MessageType, [], result.CloseStatus);
            data.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return new WsMessage(result.MessageType, data.ToArray(), null);
        }
    }

    /// <summary>Receives the next message that is not a server ping (<c>2</c>).</summary>
    public static async Task<WsMessage> ReceiveNonPingAsync(this ClientWebSocket ws)
    {
        while (true)
        {
            var message = await ws.ReceiveMessageAsync();
            if (message.Type != WebSocketMessageType.Text || message.Text != "2") return message;
        }
    }

    public static Task SendTextAsync(this ClientWebSocket ws, string text, bool endOfMessage = true)
        => ws.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage, CancellationToken.None);

    public static Task SendBinaryAsync(this ClientWebSocket ws, byte[] data)
        => ws.SendAsync(data, WebSocketMessageType.Binary, true, CancellationToken.None);
}
