using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tether.EngineIO;
using Tether.SocketIO;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Socket.IO endpoint.</summary>
public static class SocketIOEndpointRouteBuilderExtensions
{
    /// <summary>Maps the server registered by <c>AddSocketIO</c> at <see cref="SocketIOOptions.Path"/>.</summary>
    public static IEndpointConventionBuilder MapSocketIO(this IEndpointRouteBuilder endpoints)
        => endpoints.MapSocketIO(static _ => { });

    /// <summary>
    /// Maps the server at <see cref="SocketIOOptions.Path"/> after letting <paramref name="configure"/> set up
    /// namespaces and handlers inline (<c>io.Of("/").OnConnection(...)</c>).
    /// </summary>
    public static IEndpointConventionBuilder MapSocketIO(this IEndpointRouteBuilder endpoints, Action<ISocketIOServer> configure)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(configure);
        var server = endpoints.ServiceProvider.GetService<SocketIOServer>()
            ?? throw new InvalidOperationException("Call services.AddSocketIO() before app.MapSocketIO().");
        configure(server);
        return endpoints.MapEngineIO(server.Engine);
    }
}
