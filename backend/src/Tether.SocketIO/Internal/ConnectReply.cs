using System.Text.Json.Serialization;

namespace Tether.SocketIO.Internal;

/// <summary>The CONNECT reply payload. Names are fixed so user naming policies cannot change the protocol.</summary>
internal sealed record ConnectReply(
    [property: JsonPropertyName("sid")] string Sid,
    [property: JsonPropertyName("pid"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Pid = null);

/// <summary>The CONNECT_ERROR payload: <c>{message, data?}</c>.</summary>
internal sealed record ConnectErrorPayload(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] object? Data = null);

/// <summary>The acknowledgement sent when a typed handler's arguments do not bind: <c>{error}</c>.</summary>
internal sealed record AckError([property: JsonPropertyName("error")] string Error);
