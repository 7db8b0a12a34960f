namespace Tether.SocketIO.Adapters;

/// <summary>What is kept of a socket that disconnected for a recoverable reason (connection state recovery).</summary>
/// <param name="Sid">The socket id.</param>
/// <param name="Pid">The private session id the client presents to recover.</param>
/// <param name="Rooms">The rooms it was in.</param>
/// <param name="Data">Its <see cref="Socket.Data"/>.</param>
public sealed record SessionToPersist(string Sid, string Pid, IReadOnlyCollection<string> Rooms, IReadOnlyDictionary<string, object?> Data);

/// <summary>A restored session and the packets the socket missed while away.</summary>
/// <param name="Sid">The socket id to reuse.</param>
/// <param name="Pid">The private session id.</param>
/// <param name="Rooms">The rooms to rejoin.</param>
/// <param name="Data">The data to restore.</param>
/// <param name="MissedPackets">Missed EVENT payloads (event name first, offset last), oldest first.</param>
public sealed record RecoveredSession(
    string Sid,
    string Pid,
    IReadOnlyCollection<string> Rooms,
    IReadOnlyDictionary<string, object?> Data,
    IReadOnlyList<object?[]> MissedPackets);
