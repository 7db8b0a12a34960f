using System.Text.Json;

namespace Tether.SocketIO.Redis.Internal.Wire;

/// <summary>
/// A message read from Redis, whatever its encoding (JSON or msgpack), as one JSON tree: msgpack binary values appear
/// as Socket.IO attachment placeholders (<c>{"_placeholder":true,"num":N}</c>) indexing <see cref="Attachments"/>, the
/// form the rest of the library already binds and re-emits.
/// </summary>
internal readonly record struct WireMessage(JsonElement Root, IReadOnlyList<byte[]> Attachments)
{
    private const byte OpenBrace = (byte)'{';

    /// <summary>
    /// Decodes a request or response: JSON when it starts with <c>{</c> (Node's adapter sends most of them as
    /// JSON), msgpack otherwise (broadcast-with-ack requests and their acknowledgements).
    /// </summary>
    /// <exception cref="FormatException">The payload is neither valid JSON nor valid msgpack.</exception>
    public static WireMessage Decode(ReadOnlyMemory<byte> payload)
    {
        if (!payload.IsEmpty && payload.Span[0] == OpenBrace)
        {
            try
            {
                var reader = new Utf8JsonReader(payload.Span);
                return new WireMessage(JsonElement.ParseValue(ref reader), []);
            }
            catch (JsonException ex)
            {
                throw new FormatException("Malformed JSON message.", ex);
            }
        }
        return MsgPackToJson.Decode(payload);
    }

    /// <summary>The string property <paramref name="name"/>, or null.</summary>
    public string? GetString(string name)
        => Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The integer property <paramref name="name"/>, or null.</summary>
    public int? GetInt32(string name)
        => Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty(name, out var value)
           && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : null;

    /// <summary>The property <paramref name="name"/>, or an Undefined element.</summary>
    public JsonElement Get(string name)
        => Root.ValueKind == JsonValueKind.Object && Root.TryGetProperty(name, out var value) ? value : default;
}
