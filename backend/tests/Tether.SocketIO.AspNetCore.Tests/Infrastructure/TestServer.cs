using ConformanceHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The conformance server (<see cref="ConformanceApp"/>) on a real Kestrel at 127.0.0.1 on a free port, with the
/// test's observers attached. One per test, so that counts and rooms never leak between tests.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(WebApplication app, string url, ServerObserver observer, TransportRecorder transports, CapturingLoggerProvider logs)
    {
        App = app;
        Url = url;
        Observer = observer;
        Transports = transports;
        Logs = logs;
        Io = app.Services.GetRequiredService<ISocketIOServer>();
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Url { get; }

    /// <summary>The injected server handle, as an application would use it.</summary>
    public ISocketIOServer Io { get; }

    /// <summary>Server-side connections and disconnections.</summary>
    public ServerObserver Observer { get; }

    /// <summary>The HTTP requests that reached the Socket.IO path.</summary>
    public TransportRecorder Transports { get; }

    /// <summary>The server's warnings and errors.</summary>
    public CapturingLoggerProvider Logs { get; }

    /// <summary>
    /// Starts a server. The default timings are relaxed compared with the conformance host (a loaded CI machine must
    /// not drop healthy clients); <paramref name="configure"/> can change them and add hooks. With a
    /// <paramref name="path"/> other than <see cref="HandshakePath.Http"/>, the Socket.IO WebSocket handshakes are taken
    /// before Kestrel's HTTP layer, so they never reach the HTTP pipeline (nor <see cref="Transports"/>).
    /// </summary>
    public static async Task<TestServer> StartAsync(Action<ConformanceSettings>? configure = null, HandshakePath path = HandshakePath.Http)
    {
        var observer = new ServerObserver();
        var transports = new TransportRecorder();
        var logs = new CapturingLoggerProvider();
        var settings = new ConformanceSettings
        {
            PingInterval = TimeSpan.FromSeconds(2),
            PingTimeout = TimeSpan.FromSeconds(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(settings);

        var configureBuilder = settings.ConfigureBuilder;
        settings.ConfigureBuilder = builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(CapturingLoggerProvider.MinimumLevel);
            if (path == HandshakePath.Connection) builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseSocketIO()));
            if (path == HandshakePath.Accept) builder.WebHost.UseSocketIOTransport();
            configureBuilder?.Invoke(builder);
        };
        var configureApp = settings.ConfigureApp;
        settings.ConfigureApp = app =>
        {
            app.Use(next => transports.Middleware(next, "/socket.io/"));
            configureApp?.Invoke(app);
        };
        var configureSocketIO = settings.ConfigureSocketIO;
        settings.ConfigureSocketIO = io =>
        {
            observer.Attach(io);
            configureSocketIO?.Invoke(io);
        };

        var app = ConformanceApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Development"], settings);
        await app.StartAsync(Timeouts.Token());
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestServer(app, address.TrimEnd('/'), observer, transports, logs);
    }

    /// <summary>Everything the server side recorded, for failure messages.</summary>
    public string Dump() => $"server sockets:\n{Observer.Log.Dump()}\nserver log:\n{Logs.Log.Dump()}\nrequests:\n{Transports.Log.Dump()}";

    /// <summary>Stops the server and writes what it recorded to the test output (shown for failed tests).</summary>
    public async ValueTask DisposeAsync()
    {
        TestContext.Current.TestOutputHelper?.WriteLine(Dump());
        // The Engine.IO server gives peers 5 s to finish their close handshakes; allow for that.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
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
