using System.Text.Json;
using Tether.SocketIO;
using VideoConf.Domain;

namespace VideoConf.Realtime;

/// <summary>
/// A socket's presence state kept in its <c>Data</c>, so the participant list is computed from the room's sockets
/// (<c>FetchSocketsAsync</c>) rather than a process-local table. Values read back from another process arrive as
/// JSON, hence the tolerant readers.
/// </summary>
internal static class SocketPresence
{
    private const string SessionIdKey = "sessionId";
    private const string UserIdKey = "userId";
    private const string NameKey = "name";
    private const string RoleKey = "role";
    private const string HandRaisedKey = "handRaised";
    private const string IsActiveKey = "isActive";
    private const string NodeKey = "node";

    /// <summary>
    /// Sets the socket's presence. <paramref name="keepState"/> (a recovered socket) keeps the hand and activity it had
    /// before its connection broke, so the list the others get back matches what its client still shows.
    /// </summary>
    public static void Initialize(Socket socket, string sessionId, UserIdentity user, string node, bool keepState = false)
    {
        var handRaised = keepState && AsBool(socket.Data.GetValueOrDefault(HandRaisedKey), false);
        var isActive = !keepState || AsBool(socket.Data.GetValueOrDefault(IsActiveKey), true);
        socket.Data[SessionIdKey] = sessionId;
        socket.Data[UserIdKey] = user.Id;
        socket.Data[NameKey] = user.Name;
        socket.Data[RoleKey] = user.Role;
        socket.Data[HandRaisedKey] = handRaised;
        socket.Data[IsActiveKey] = isActive;
        // The process that holds the socket: another process can tell a socket that left from one that died with it.
        socket.Data[NodeKey] = node;
    }

    /// <summary>
    /// Whether a recovered socket's restored state is that of <paramref name="userId"/> in <paramref name="sessionId"/>:
    /// its rooms came back with it, so it must not be handed to anyone else or moved to another session.
    /// </summary>
    public static bool IsRestoredAs(Socket socket, string sessionId, string userId) =>
        AsString(socket.Data.GetValueOrDefault(SessionIdKey)) == sessionId
        && AsString(socket.Data.GetValueOrDefault(UserIdKey)) == userId;

    public static string SessionId(Socket socket) => AsString(socket.Data.GetValueOrDefault(SessionIdKey));

    /// <summary>The session of a (possibly remote) socket; empty when it is not a session participant.</summary>
    public static string SessionId(IReadOnlyDictionary<string, object?> data) => AsString(data.GetValueOrDefault(SessionIdKey));

    /// <summary>The process holding a (possibly remote) socket; empty when unknown.</summary>
    public static string Node(IReadOnlyDictionary<string, object?> data) => AsString(data.GetValueOrDefault(NodeKey));

    public static UserIdentity User(Socket socket) => new(
        AsString(socket.Data.GetValueOrDefault(UserIdKey)),
        AsString(socket.Data.GetValueOrDefault(NameKey)),
        AsString(socket.Data.GetValueOrDefault(RoleKey)));

    public static void SetHandRaised(Socket socket, bool raised) => socket.Data[HandRaisedKey] = raised;

    public static void SetActive(Socket socket, bool active) => socket.Data[IsActiveKey] = active;

    public static ParticipantPresence Of(Socket socket) => Read(socket.Id, socket.Data)!;

    /// <summary>The presence of a (possibly remote) socket; null for a socket that is not a session participant.</summary>
    public static ParticipantPresence? Read(string socketId, IReadOnlyDictionary<string, object?> data)
    {
        var userId = AsString(data.GetValueOrDefault(UserIdKey));
        if (userId.Length == 0) return null;
        return new ParticipantPresence(
            userId,
            AsString(data.GetValueOrDefault(NameKey)),
            AsString(data.GetValueOrDefault(RoleKey)),
            socketId,
            AsBool(data.GetValueOrDefault(HandRaisedKey), false),
            AsBool(data.GetValueOrDefault(IsActiveKey), true));
    }

    private static string AsString(object? value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        _ => "",
    };

    private static bool AsBool(object? value, bool fallback) => value switch
    {
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        _ => fallback,
    };
}
