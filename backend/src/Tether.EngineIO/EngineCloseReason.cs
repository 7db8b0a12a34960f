namespace Tether.EngineIO;

/// <summary>Why an Engine.IO connection closed. The names follow the reference server's reasons.</summary>
public enum EngineCloseReason
{
    /// <summary>The server closed it (<see cref="EngineConnection.Close"/>), or the server is shutting down.</summary>
    ServerClose,
    /// <summary>The client sent a close packet (type 1).</summary>
    ClientClose,
    /// <summary>No pong arrived within pingTimeout of a ping being queued.</summary>
    PingTimeout,
    /// <summary>The underlying transport closed or failed (socket reset, aborted GET, second concurrent GET).</summary>
    TransportClose,
    /// <summary>The transport reported an error (an invalid packet, an oversized payload).</summary>
    TransportError,
    /// <summary>The per-connection send buffer limit was exceeded: the peer does not read fast enough.</summary>
    SlowConsumer,
}
