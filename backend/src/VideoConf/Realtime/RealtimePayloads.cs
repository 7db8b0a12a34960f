using System.Text.Json;
using System.Text.Json.Serialization;
using VideoConf.Domain;

namespace VideoConf.Realtime;

/// <summary><c>resource-deleted</c> / <c>poll-deleted</c>: which item of which session is gone.</summary>
internal sealed record DeletedItem([property: JsonPropertyName("_id")] string Id, string SessionId);

/// <summary><c>session-ended</c>.</summary>
internal sealed record SessionEnded([property: JsonPropertyName("_id")] string Id);

/// <summary><c>hand-raised</c> / <c>hand-lowered</c>.</summary>
internal sealed record HandChanged(string UserId);

internal sealed record TypingChanged(string UserId, string Name, bool IsTyping);

internal sealed record CodeChanged(string UserId, string Code, string? Language);

internal sealed record CursorMoved(string UserId, int Line, int Column);

internal sealed record ActivityChanged(string UserId, bool IsActive);

/// <summary>A relayed WebRTC signal; <c>from</c> is the sender's socket id, as the seeds' client expects.</summary>
internal sealed record SignalRelay(string From, string FromUserId, JsonElement Data);

/// <summary>An ack: <c>{ok: true, message}</c> for <c>chat-message</c>, <c>{ok: false, error}</c> for any rejected event.</summary>
internal sealed record EventAck(bool Ok, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ChatMessage? Message = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);
