namespace Tether.SocketIO;

/// <summary>The reasons passed to <see cref="Socket.Disconnecting"/> and <see cref="Socket.Disconnected"/>, as Node's server names them.</summary>
public static class DisconnectReasons
{
    /// <summary>The server called <see cref="Socket.DisconnectAsync"/>.</summary>
    public const string ServerNamespaceDisconnect = "server namespace disconnect";
    /// <summary>The client left the namespace (<c>socket.disconnect()</c>).</summary>
    public const string ClientNamespaceDisconnect = "client namespace disconnect";
    /// <summary><see cref="ISocketIOServer.ShutdownAsync"/> ran.</summary>
    public const string ServerShuttingDown = "server shutting down";
    /// <summary>The client did not answer a ping in time.</summary>
    public const string PingTimeout = "ping timeout";
    /// <summary>The connection was closed (network loss, client closed the Engine.IO connection).</summary>
    public const string TransportClose = "transport close";
    /// <summary>The transport failed (also used when the client read too slowly and its send buffer overflowed).</summary>
    public const string TransportError = "transport error";
    /// <summary>The client sent a packet that breaks the Socket.IO protocol.</summary>
    public const string ParseError = "parse error";
    /// <summary>The Engine.IO connection was closed by the server below the Socket.IO layer.</summary>
    public const string ForcedClose = "forced close";
    /// <summary>The server closed the connection because of a packet that made no sense in the connection's state.</summary>
    public const string ForcedServerClose = "forced server close";
}
