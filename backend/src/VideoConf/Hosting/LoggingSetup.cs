using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace VideoConf.Hosting;

internal static class LoggingSetup
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Serilog for the whole app, configured from the <c>Serilog</c> section; a console sink is added unless that
    /// section declares sinks, writing compact JSON when <c>Logging:Json</c> is true. The logger belongs to this
    /// host only (no static logger), so several hosts can run in one process, e.g. in tests.
    /// </summary>
    public static IServiceCollection AddVideoConfLogging(this IServiceCollection services, IConfiguration configuration)
    {
        var json = configuration.GetValue("Logging:Json", false);
        var sinksConfigured = configuration.GetSection("Serilog:WriteTo").Exists();

        services.AddSerilog((provider, logger) =>
        {
            logger
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .ReadFrom.Configuration(configuration)
                .ReadFrom.Services(provider)
                .Enrich.FromLogContext()
                .Enrich.With<TokenScrubbingEnricher>();
            if (!sinksConfigured)
            {
                if (json) logger.WriteTo.Console(new RenderedCompactJsonFormatter());
                else logger.WriteTo.Console(outputTemplate: TextTemplate);
            }
        }, preserveStaticLogger: true);
        return services;
    }

    /// <summary>
    /// One line per request, with the client's address and the query string scrubbed of tokens; Socket.IO's
    /// long-polling requests are logged at Debug so they do not drown the rest.
    /// </summary>
    public static IApplicationBuilder UseVideoConfRequestLogging(this IApplicationBuilder app, string socketIOPath)
    {
        return app.UseSerilogRequestLogging(options =>
        {
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                // The client's address (behind a proxy: as ForwardedHeaders:* lets the app see it).
                diagnostics.Set("ClientAddress", context.Connection.RemoteIpAddress?.ToString());
                if (context.Request.QueryString.HasValue)
                    diagnostics.Set("QueryString", TokenScrubbingEnricher.Scrub(context.Request.QueryString.Value!));
            };
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
                : context.Request.Path.StartsWithSegments(socketIOPath.TrimEnd('/')) ? LogEventLevel.Debug
                : LogEventLevel.Information;
        });
    }
}
