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

    public static void Initialize(Socket socket, string sessionId, UserIdentity user)
    {
        socket.Data[SessionIdKey] = sessionId;
        socket.Data[UserIdKey] = user.Id;
        socket.Data[NameKey] = user.Name;
        socket.Data[RoleKey] = user.Role;
        socket.Data[HandRaisedKey] = false;
        socket.Data[IsActiveKey] = true;
    }

    public static string SessionId(Socket socket) => AsString(socket.Data.GetValueOrDefault(SessionIdKey));

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
