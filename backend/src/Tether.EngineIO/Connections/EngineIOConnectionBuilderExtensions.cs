using Microsoft.AspNetCore.Connections;

namespace Tether.EngineIO.Connections;

/// <summary>Takes Engine.IO WebSocket handshakes at Kestrel's connection level.</summary>
public static class EngineIOConnectionBuilderExtensions
{
    /// <summary>
    /// Adds connection middleware (for example to a Kestrel <c>ListenOptions</c>) that answers WebSocket handshakes
    /// for <paramref name="server"/>'s path itself, without Kestrel's HTTP layer: an idle WebSocket connection then
    /// holds no HTTP state, and a connect skips the HTTP pipeline. (<see cref="EngineIOWebHostBuilderExtensions.UseEngineIOTransport"/>
    /// goes further and runs the WebSocket without a Kestrel connection.) It takes only plain HTTP/1.1 handshakes that
    /// need nothing else: not with <see cref="EngineIOOptions.AllowRequest"/> set (it needs the HttpContext), not on
    /// TLS unless registered after <c>UseHttps</c>, and only for requests whose head arrives in the first read.
    /// Everything else goes on to Kestrel as usual, so <c>MapEngineIO</c> must still map the server.
    /// As with Node's socket.io, the HTTP pipeline (middleware, authentication, forwarded headers) does not run for
    /// these handshakes: the handshake's address is the TCP peer's, and its user is anonymous.
    /// </summary>
    /// <param name="builder">The connection builder, e.g. <c>ListenOptions</c>.</param>
    /// <param name="server">Returns the server; called once, at the first connection, after the app is built.</param>
    public static TBuilder UseEngineIO<TBuilder>(this TBuilder builder, Func<EngineServer> server) where TBuilder : IConnectionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(server);
        builder.Use(next => new DirectWebSocketMiddleware(next, server).OnConnectedAsync);
        return builder;
    }
}
