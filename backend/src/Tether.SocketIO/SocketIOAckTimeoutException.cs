namespace Tether.SocketIO;

/// <summary>
/// An acknowledgement did not arrive in time. For a broadcast, <see cref="Replies"/> holds the replies that did
/// arrive (in arrival order).
/// </summary>
public sealed class SocketIOAckTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public SocketIOAckTimeoutException(string message, IReadOnlyList<SocketIOArgs>? replies = null) : base(message)
        => Replies = replies ?? [];

    /// <summary>The replies received before the timeout (empty for a single socket).</summary>
    public IReadOnlyList<SocketIOArgs> Replies { get; }
}
