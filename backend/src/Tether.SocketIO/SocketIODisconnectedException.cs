namespace Tether.SocketIO;

/// <summary>An acknowledgement can no longer arrive because the socket disconnected while waiting.</summary>
public sealed class SocketIODisconnectedException(string reason)
    : Exception($"The socket disconnected before acknowledging ({reason}).")
{
    /// <summary>The disconnect reason (see <see cref="DisconnectReasons"/>).</summary>
    public string Reason { get; } = reason;
}
