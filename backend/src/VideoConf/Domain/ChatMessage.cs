using System.Text.Json.Serialization;

namespace VideoConf.Domain;

/// <summary>A chat message. <see cref="Seq"/> orders a session's messages; the store assigns it atomically.</summary>
internal sealed class ChatMessage
{
    [JsonPropertyName("_id")]
    public string Id { get; set; } = "";
    public string SessionId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string UserName { get; set; } = "";
    public string Text { get; set; } = "";

    /// <summary>The sender's own id for the message, so it can replace its optimistic copy and retry safely.</summary>
    public string? ClientId { get; set; }
    public long Seq { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Unique per (session, user, clientId): the stores put a unique index on it so a retried send can never be
    /// stored twice. Messages without a clientId get a key from their own id, so they never collide.
    /// </summary>
    [JsonIgnore]
    public string DedupKey { get; set; } = "";

    // Length-prefixed so that no choice of ids can make two different triples produce the same key.
    public static string DedupKeyFor(string sessionId, string userId, string? clientId, string messageId) =>
        clientId is null
            ? $"{sessionId.Length}:{sessionId}#id:{messageId}"
            : $"{sessionId.Length}:{sessionId}{userId.Length}:{userId}{clientId}";
}
