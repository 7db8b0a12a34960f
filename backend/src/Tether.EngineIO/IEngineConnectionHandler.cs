namespace Tether.EngineIO;

/// <summary>
/// What the layer above Engine.IO (Socket.IO, or a raw Engine.IO application) supplies to receive connections.
/// </summary>
/// <remarks>
/// Calls for one connection never overlap. <see cref="OnMessage"/> runs on the connection's own read loop so that a
/// message is handled without a thread hop; it must not block. Work that needs to wait should be started and
/// observed, not awaited, here.
/// </remarks>
public interface IEngineConnectionHandler
{
    /// <summary>The handshake is done and the connection can send; no message has been delivered yet.</summary>
    void OnOpen(EngineConnection connection);

    /// <summary>
    /// A message (packet type 4) arrived. <paramref name="data"/> is only valid during the call: copy what must
    /// outlive it.
    /// </summary>
    void OnMessage(EngineConnection connection, bool isBinary, ReadOnlySpan<byte> data);

    /// <summary>The connection is closed; called exactly once per opened connection.</summary>
    void OnClose(EngineConnection connection, EngineCloseReason reason);
}
