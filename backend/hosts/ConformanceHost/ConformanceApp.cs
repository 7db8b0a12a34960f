using Tether.EngineIO;

namespace ConformanceHost;

/// <summary>
/// Builds the conformance server: <c>/engine.io/</c> is a raw Engine.IO echo endpoint and <c>/socket.io/</c> the
/// Socket.IO server with the namespaces of <see cref="ConformanceNamespaces"/>. Used by <c>Program.cs</c> and, with
/// relaxed settings and extra hooks, by the integration tests (which start it on 127.0.0.1:0).
/// </summary>
public static class ConformanceApp
{
    /// <summary>The raw Engine.IO echo endpoint's path.</summary>
    public const string EnginePath = "/engine.io/";

    /// <summary>Builds the application; <paramref name="args"/> are the usual host arguments (e.g. <c>--urls</c>).</summary>
    public static WebApplication Build(string[] args, ConformanceSettings? settings = null)
    {
        settings ??= new ConformanceSettings();
        var builder = WebApplication.CreateBuilder(args);

        builder.Services.AddSocketIO(options =>
        {
            ApplyEngineSettings(options.Engine, settings);
            options.ConnectTimeout = settings.ConnectTimeout;
            // Connection state recovery stays off (the default): the test suites expect plain CONNECT replies.
        });

        // Registered through a factory so that the container owns it and disposes it (closing its sessions) on shutdown.
        builder.Services.AddSingleton(services =>
        {
            var options = new EngineIOOptions { Path = EnginePath };
            ApplyEngineSettings(options, settings);
            return new EngineServer(options, new EchoEngineHandler(), services.GetRequiredService<ILoggerFactory>());
        });

        settings.ConfigureBuilder?.Invoke(builder);

        var app = builder.Build();
        settings.ConfigureApp?.Invoke(app);

        app.MapEngineIO(app.Services.GetRequiredService<EngineServer>());
        app.MapSocketIO(io =>
        {
            ConformanceNamespaces.Configure(io);
            settings.ConfigureSocketIO?.Invoke(io);
        });
        return app;
    }

    private static void ApplyEngineSettings(EngineIOOptions options, ConformanceSettings settings)
    {
        options.PingInterval = settings.PingInterval;
        options.PingTimeout = settings.PingTimeout;
        options.MaxHttpBufferSize = settings.MaxHttpBufferSize;
        // The browser half of the test suites runs on another origin.
        options.Cors = new EngineIOCorsOptions { Origins = { "*" } };
    }
}
