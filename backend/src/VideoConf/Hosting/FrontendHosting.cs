using Microsoft.Extensions.FileProviders;

namespace VideoConf.Hosting;

/// <summary>
/// Serves the built React client: its files, and <c>index.html</c> for any other GET that is not the API, Socket.IO
/// or the health check (client-side routes such as <c>/session/&lt;id&gt;</c>).
/// </summary>
internal static class FrontendHosting
{
    /// <summary>
    /// <c>Frontend:DistPath</c> (relative to the content root) when set; else the repository's
    /// <c>frontend/dist</c> when running from the source tree; else <c>wwwroot</c> (a published app).
    /// </summary>
    public static string ResolveDistPath(IConfiguration configuration, IWebHostEnvironment environment)
    {
        var configured = configuration["Frontend:DistPath"];
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(Path.Combine(environment.ContentRootPath, configured));

        var sourceTree = Path.GetFullPath(Path.Combine(environment.ContentRootPath, "..", "..", "..", "frontend", "dist"));
        return Directory.Exists(sourceTree) ? sourceTree : Path.Combine(environment.ContentRootPath, "wwwroot");
    }

    public static void UseFrontendFiles(this WebApplication app, string distPath)
    {
        if (!File.Exists(Path.Combine(distPath, "index.html")))
        {
            app.Logger.LogWarning("No built client at {DistPath} (run npm run build in frontend/); serving the API only", distPath);
            return;
        }

        var files = new PhysicalFileProvider(distPath);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.Logger.LogInformation("Serving the client from {DistPath}", distPath);
    }

    /// <summary>The last endpoint: client routes get index.html, everything else a 404 problem.</summary>
    public static void MapFrontendFallback(this WebApplication app, string distPath, string socketIOPath)
    {
        var index = new FileInfo(Path.Combine(distPath, "index.html"));
        var socketIO = new PathString(socketIOPath.TrimEnd('/'));
        app.MapFallback(async context =>
        {
            var request = context.Request;
            var isClientRoute = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && !request.Path.StartsWithSegments("/api")
                && !request.Path.StartsWithSegments(socketIO)
                && !request.Path.StartsWithSegments("/health")
                && !Path.HasExtension(request.Path.Value);
            if (!isClientRoute || !index.Exists)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            // The shell must be re-fetched after a deploy; the hashed assets it names may be cached for long.
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.SendFileAsync(index.FullName);
        });
    }
}
