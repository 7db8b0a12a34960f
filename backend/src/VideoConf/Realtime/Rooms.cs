namespace VideoConf.Realtime;

/// <summary>
/// Room names. Besides the session's room, every socket joins a room for (session, its user) and for (session, its
/// socket id): Socket.IO has no room intersection, and these let a signal, a leave or a kick address exactly the
/// right sockets of one session with a plain broadcast, which also works across processes with a shared adapter.
/// </summary>
internal static class Rooms
{
    public static string Session(string sessionId) => $"session:{sessionId}";

    public static string SessionUser(string sessionId, string userId) => $"session:{sessionId}:user:{userId}";

    public static string SessionSocket(string sessionId, string socketId) => $"session:{sessionId}:socket:{socketId}";
}
