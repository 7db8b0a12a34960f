using Microsoft.Extensions.DependencyInjection;
using Tether.EngineIO.Connections;
using Tether.SocketIO;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Kestrel's transport with Socket.IO's WebSocket handshakes taken at accept.</summary>
public static class SocketIOWebHostBuilderExtensions
{
    /// <summary>
    /// Replaces Kestrel's socket transport with one that answers the Socket.IO server's WebSocket handshakes (the
    /// server registered by <c>AddSocketIO</c>) on the accepted socket and runs the connection on it, without a Kestrel
    /// connection: the leanest an idle WebSocket client gets (see
    /// <see cref="EngineIOWebHostBuilderExtensions.UseEngineIOTransport"/> for what it takes and what it leaves to
    /// Kestrel). <c>app.MapSocketIO()</c> is still needed: polling, and any handshake this path leaves alone, go
    /// through it. For TLS endpoints, or to keep Kestrel's transport, use <c>ListenOptions.UseSocketIO()</c> instead.
    /// </summary>
    public static IWebHostBuilder UseSocketIOTransport(this IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseEngineIOTransport(services => services.GetService<SocketIOServer>()?.Engine
            ?? throw new InvalidOperationException("Call services.AddSocketIO() before WebHost.UseSocketIOTransport()."));
    }
}
