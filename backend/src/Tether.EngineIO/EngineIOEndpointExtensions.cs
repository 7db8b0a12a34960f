using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Tether.EngineIO;

/// <summary>Maps an Engine.IO server into ASP.NET Core routing.</summary>
public static class EngineIOEndpointExtensions
{
    // CONNECT: WebSocket handshakes over HTTP/2 (RFC 8441).
    private static readonly string[] Methods = ["GET", "POST", "OPTIONS", "CONNECT"];

    /// <summary>
    /// Routes every request under <see cref="EngineIOOptions.Path"/> (GET, POST, OPTIONS and WebSocket upgrades) to
    /// <paramref name="server"/>, including HTTP/2 WebSocket handshakes (CONNECT). The path matches with and without its trailing slash.
    /// </summary>
    public static IEndpointConventionBuilder MapEngineIO(this IEndpointRouteBuilder endpoints, EngineServer server)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(server);
        var path = "/" + server.Options.Path.Trim('/');
        // Routing ignores a trailing slash, so this one route serves "/engine.io" and "/engine.io/".
        return endpoints.MapMethods(path, Methods, server.HandleRequestAsync).WithDisplayName("Engine.IO " + path);
    }
}
