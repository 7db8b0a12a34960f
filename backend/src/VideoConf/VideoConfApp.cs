using Microsoft.AspNetCore.Mvc.Controllers;
using Tether.EngineIO;
using Tether.SocketIO;
using VideoConf.Application;
using VideoConf.Auth;
using VideoConf.Hosting;
using VideoConf.Realtime;
using VideoConf.Storage;
using VideoConf.Storage.Contract;

namespace VideoConf;

/// <summary>Builds the whole app; <c>Program</c> runs it and the tests start it on a free port.</summary>
internal static class VideoConfApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name decides where MVC looks for controllers; a test host's entry assembly is not this one.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(VideoConfApp).Assembly.GetName().Name,
        });
        configure?.Invoke(builder);
        ListenAddress.UseDefaultUnlessConfigured(builder);

        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddVideoConfLogging(configuration);
        services.AddVideoConfProblemDetails();
        services.AddVideoConfCors(configuration);
        services.AddVideoConfUploadLimits();
        services.AddVideoConfStorage(configuration);
        services.AddVideoConfAuth(configuration);
        services.AddVideoConfForwardedHeaders(configuration);

        services.AddControllers()
            .ConfigureApplicationPartManager(parts =>
            {
                parts.FeatureProviders.Remove(parts.FeatureProviders.OfType<ControllerFeatureProvider>().First());
                parts.FeatureProviders.Add(new InternalControllerFeatureProvider());
            });

        services.AddSingleton<SessionAccess>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<SessionBroadcaster>();
        services.AddSingleton<SessionRoomControl>();
        services.AddSingleton<VideoSocketEvents>();
        services.AddSingleton<NodeIdentity>();
        services.Configure<PresenceOptions>(configuration.GetSection("Presence"));
        services.AddSingleton<PresenceResync>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceResync>());

        var origins = CorsSetup.Origins(configuration);
        services.AddSocketIO(options =>
            {
                if (origins.Length > 0) options.Engine.Cors = new EngineIOCorsOptions { Origins = origins.ToList() };
            })
            .AddNamespace<VideoNamespace>(VideoNamespace.Name)
            .AddRedisAdapterIfConfigured(configuration);
        if (!string.IsNullOrEmpty(configuration.GetConnectionString("Redis")))
            services.AddSingleton<IHealthProbe, RedisHealthProbe>();
        services.Configure<SocketIOOptions>(configuration.GetSection("SocketIO"));
        services.AddVideoConfRecovery(configuration);

        var app = builder.Build();
        var socketIOPath = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SocketIOOptions>>().Value.Path;
        var distPath = FrontendHosting.ResolveDistPath(configuration, app.Environment);

        // First, so the request log, the diagnostics check and Socket.IO's handshake all see the client's address.
        app.UseVideoConfForwardedHeaders();
        app.UseVideoConfRequestLogging(socketIOPath);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseFrontendFiles(distPath);
        app.UseRouting();
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapControllers();
        app.MapSocketIO();
        app.MapFrontendFallback(distPath, socketIOPath);
        return app;
    }
}
