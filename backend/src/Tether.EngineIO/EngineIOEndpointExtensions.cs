using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Tether.EngineIO;

/// <summary>Maps an Engine.IO server into ASP.NET Core routing.</summary>
public static class EngineIOEndpointExtensions
{
    /// <summary>
    /// Routes every request under <see cref="EngineIOOptions.Path"/> (GET, POST, OPTIONS and WebSocket upgrades) to
    /// <paramref name="server"/>.
    /// </summary>
    public static IEndpointConventionBuilder MapEngineIO(this IEndpointRouteBuilder endpoints, EngineServer server)
        => throw new NotImplementedException();
}
