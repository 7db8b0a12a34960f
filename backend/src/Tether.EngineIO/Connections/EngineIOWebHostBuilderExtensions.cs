using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tether.EngineIO.Connections;

/// <summary>Kestrel's transport with Engine.IO WebSocket handshakes taken at accept.</summary>
public static class EngineIOWebHostBuilderExtensions
{
    /// <summary>
    /// Replaces Kestrel's socket transport with one that answers <paramref name="server"/>'s WebSocket handshakes on
    /// the accepted socket itself and runs the session on it: no Kestrel connection, pipes or HTTP state per
    /// WebSocket, the leanest an idle client gets. Every other connection (polling, other paths, TLS, HTTP/2, anything
    /// it does not take) becomes an ordinary Kestrel connection, configured by <c>UseSockets</c>' options, so
    /// <c>MapEngineIO</c> must still map the server. It takes the same handshakes as
    /// <see cref="EngineIOConnectionBuilderExtensions.UseEngineIO{TBuilder}"/> (plain HTTP/1.1, no
    /// <see cref="EngineIOOptions.AllowRequest"/>, the whole head in the first packet); on TLS endpoints it takes
    /// nothing (use that connection middleware after <c>UseHttps</c> there). Kestrel's connection limits and
    /// connection logging do not see these sockets; the Engine.IO server closes them on shutdown. Call it after any
    /// other transport registration (<c>UseSockets</c>, <c>UseKestrel</c>): the last one registered is used.
    /// </summary>
    /// <param name="builder">The web host builder.</param>
    /// <param name="server">Returns the server; called once, at the first connection, after the app is built.</param>
    public static IWebHostBuilder UseEngineIOTransport(this IWebHostBuilder builder, Func<IServiceProvider, EngineServer> server)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(server);
        return builder.ConfigureServices(services => services.AddSingleton<IConnectionListenerFactory>(provider =>
            new EngineIOSocketTransportFactory(
                provider.GetRequiredService<IOptions<SocketTransportOptions>>(),
                provider.GetRequiredService<ILoggerFactory>(),
                () => server(provider))));
    }
}
