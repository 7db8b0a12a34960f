using System.Text.Json;
using Tether.SocketIO;

namespace VideoConf.Realtime;

/// <summary>
/// What the client sent in the handshake. The seeds' client sends <c>auth: {token}</c> and
/// <c>query: {sessionId, token, userId}</c>; the token is read from <c>auth</c> first, the query second.
/// </summary>
internal static class HandshakeValues
{
    public static string? Token(SocketHandshake handshake) =>
        AuthString(handshake, "token") ?? QueryString(handshake, "token");

    public static string? SessionId(SocketHandshake handshake) =>
        QueryString(handshake, "sessionId") ?? AuthString(handshake, "sessionId");

    /// <summary>The user id the client claims to be; only ever compared with the token's, never trusted.</summary>
    public static string? ClaimedUserId(SocketHandshake handshake) =>
        QueryString(handshake, "userId") ?? AuthString(handshake, "userId");

    private static string? QueryString(SocketHandshake handshake, string key) =>
        handshake.Query.TryGetValue(key, out var value) && IsPresent(value) ? value : null;

    // A JavaScript client serialises a missing value into the query as "undefined" or "null".
    private static bool IsPresent(string? value) => !string.IsNullOrWhiteSpace(value) && value is not ("undefined" or "null");

    private static string? AuthString(SocketHandshake handshake, string key) =>
        handshake.Auth is { ValueKind: JsonValueKind.Object } auth
        && auth.TryGetProperty(key, out var value)
        && value.ValueKind == JsonValueKind.String
        && IsPresent(value.GetString())
            ? value.GetString()
            : null;
}
