namespace Tether.SocketIO.Adapters;

/// <summary>
/// What is kept of a socket that disconnected for a recoverable reason (connection state recovery). Everything in it
/// is plain data (strings, and <see cref="Data"/> values as the application stored them, which must be
/// JSON-serialisable for an adapter that keeps sessions out of process).
/// </summary>
/// <param name="Sid">The socket id.</param>
/// <param name="Pid">The private session id the client presents to recover.</param>
/// <param name="Rooms">The rooms it was in (its own id included).</param>
/// <param name="Data">A snapshot of its <see cref="Socket.Data"/>.</param>
public sealed record SessionToPersist(string Sid, string Pid, IReadOnlyCollection<string> Rooms, IReadOnlyDictionary<string, object?> Data)
{
    /// <summary>The namespace the socket was in.</summary>
    public string? Namespace { get; init; }
}

/// <summary>A restored session and the packets the socket missed while away.</summary>
/// <param name="Sid">The socket id to reuse.</param>
/// <param name="Pid">The private session id.</param>
/// <param name="Rooms">The rooms to rejoin.</param>
/// <param name="Data">The data to restore.</param>
/// <param name="MissedPackets">
/// Missed EVENT arguments (event name first, offset last, as they were sent), oldest first. Values may be the objects
/// originally emitted or, from an out-of-process store, their JSON (<see cref="System.Text.Json.JsonElement"/>);
/// both are re-sent as the same JSON.
/// </param>
public sealed record RecoveredSession(
    string Sid,
    string Pid,
    IReadOnlyCollection<string> Rooms,
    IReadOnlyDictionary<string, object?> Data,
    IReadOnlyList<object?[]> MissedPackets)
{
    /// <summary>
    /// For a session restored from the in-memory log: where the log stood when <see cref="MissedPackets"/> was
    /// computed, so what is logged after it, until the socket is back in its rooms, can be added
    /// (<see cref="InMemoryAdapter.CatchUp"/>). Null for a session from another store.
    /// </summary>
    internal RecoveryStore.PendingRestore? PendingRestore { get; init; }
}
