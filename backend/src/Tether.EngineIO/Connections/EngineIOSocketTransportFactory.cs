using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tether.EngineIO.Connections;

/// <summary>Kestrel's socket transport with Engine.IO WebSocket handshakes taken at accept (<see cref="EngineIOSocketListener"/>).</summary>
internal sealed class EngineIOSocketTransportFactory(
    IOptions<SocketTransportOptions> options,
    ILoggerFactory loggerFactory,
    Func<EngineServer> server) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    // The endpoints Kestrel's own socket transport binds.
    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint or UnixDomainSocketEndPoint or FileHandleEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
        => new(new EngineIOSocketListener(endpoint, options.Value, server, loggerFactory));
}
