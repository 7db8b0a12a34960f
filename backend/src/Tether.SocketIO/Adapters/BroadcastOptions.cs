namespace Tether.SocketIO.Adapters;

/// <summary>
/// Whom a broadcast reaches: the sockets in any of <paramref name="Rooms"/> (every socket of the namespace when empty),
/// minus the sockets in any of <paramref name="Except"/>. A socket id is also a room holding just that socket.
/// </summary>
public sealed record BroadcastOptions(IReadOnlySet<string> Rooms, IReadOnlySet<string> Except, BroadcastFlags Flags);

/// <summary>Broadcast modifiers.</summary>
/// <param name="Volatile">The packet may be dropped for a recipient whose connection cannot take it right now.</param>
/// <param name="Local">Only this server's sockets (matters with a multi-server adapter).</param>
/// <param name="Compress">
/// Accepted for API parity; WebSocket per-message compression is not negotiated by this server, so it has no effect.
/// </param>
/// <param name="Timeout">How long an acknowledged broadcast waits for replies.</param>
public sealed record BroadcastFlags(bool Volatile = false, bool Local = false, bool Compress = true, TimeSpan? Timeout = null)
{
    /// <summary>No modifiers.</summary>
    public static BroadcastFlags None { get; } = new();
}
