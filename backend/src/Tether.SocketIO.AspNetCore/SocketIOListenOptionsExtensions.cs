using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Tether.EngineIO.Connections;
using Tether.SocketIO;

namespace Microsoft.AspNetCore.Hosting;

/// <summary>Kestrel endpoint settings for Socket.IO.</summary>
public static class SocketIOListenOptionsExtensions
{
    /// <summary>
    /// Lets the Socket.IO server registered by <c>AddSocketIO</c> take WebSocket handshakes on this endpoint at the
    /// connection level, before Kestrel's HTTP layer (see <see cref="EngineIOConnectionBuilderExtensions.UseEngineIO{TBuilder}"/>):
    /// an idle WebSocket client then holds no HTTP state. <c>WebHost.UseSocketIOTransport()</c> saves more (no Kestrel
    /// connection at all); this is for TLS endpoints (after <c>UseHttps()</c>) and other transports. For every endpoint:
    /// <c>builder.WebHost.ConfigureKestrel(k =&gt; k.ConfigureEndpointDefaults(l =&gt; l.UseSocketIO()))</c>.
    /// <c>app.MapSocketIO()</c> is still needed: polling, and any handshake this path leaves alone, go through it.
    /// </summary>
    public static ListenOptions UseSocketIO(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        return listenOptions.UseEngineIO(() => listenOptions.ApplicationServices.GetService<SocketIOServer>()?.Engine
            ?? throw new InvalidOperationException("Call services.AddSocketIO() before ListenOptions.UseSocketIO()."));
    }
}
