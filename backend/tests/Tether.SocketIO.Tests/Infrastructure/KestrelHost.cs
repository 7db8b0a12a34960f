using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tether.SocketIO.Tests.Infrastructure;

/// <summary>A real Kestrel on 127.0.0.1 (random port) serving a Socket.IO server set up by the test.</summary>
internal sealed class KestrelHost : IAsyncDisposable
{
    private KestrelHost(WebApplication app, Uri baseUri, LogCapture logs)
    {
        App = app;
        BaseUri = baseUri;
        Logs = logs;
        Server = app.Services.GetRequiredService<SocketIOServer>();
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public LogCapture Logs { get; }

    public SocketIOServer Server { get; }

    public HttpClient Http { get; }

    public static async Task<KestrelHost> StartAsync(Action<SocketIOOptions>? configure = null, Action<ISocketIOServer>? setup = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var logs = new LogCapture();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddSocketIO(o => configure?.Invoke(o));
        var app = builder.Build();
        app.MapSocketIO(io => setup?.Invoke(io));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelHost(app, new Uri(address), logs);
    }

    public string PollingUrl(string? sid = null) => "/socket.io/?EIO=4&transport=polling" + (sid is null ? "" : "&sid=" + sid);

    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/socket.io/?EIO=4&transport=websocket");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await App.StopAsync(cts.Token);
        await App.DisposeAsync();
    }
}
