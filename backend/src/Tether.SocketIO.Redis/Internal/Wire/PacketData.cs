using System.Text.Json;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Redis.Internal.Wire;

/// <summary>
/// Converts between the values the library emits (<c>object?[]</c> of POCOs, JSON values and bytes) and the JSON tree
/// with attachment placeholders that the wire encoders and decoders work on.
/// </summary>
internal static class PacketData
{
    /// <summary>
    /// Serialises <paramref name="value"/> once with the server's options; bytes anywhere inside become placeholders
    /// indexing the returned attachments.
    /// </summary>
    public static (JsonElement Json, IReadOnlyList<byte[]> Attachments) Serialize(object? value, JsonSerializerOptions options)
    {
        byte[] json;
        List<byte[]>? attachments;
        var scope = AttachmentContext.BeginEncode();
        try { json = JsonSerializer.SerializeToUtf8Bytes(value, value?.GetType() ?? typeof(object), options); }
        finally { attachments = scope.End(); }
        var reader = new Utf8JsonReader(json);
        return (JsonElement.ParseValue(ref reader), attachments is null ? [] : attachments);
    }

    /// <summary>
    /// The elements of a received JSON array as values that re-emit unchanged: a <see cref="JsonElement"/> when it holds
    /// no attachment, the bytes for a placeholder, else a JSON node tree with bytes in place.
    /// </summary>
    public static object?[] ToValues(JsonElement array, IReadOnlyList<byte[]> attachments)
    {
        var values = new object?[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray()) values[i++] = PlaceholderNodes.ToValue(item, attachments);
        return values;
    }

    /// <summary>Arguments (one per element of <paramref name="values"/>) as handlers and ack collectors receive them.</summary>
    public static SocketIOArgs ToArgs(IReadOnlyList<object?> values, JsonSerializerOptions options)
        => values.Count == 0 ? SocketIOArgs.Empty : SocketIOArgs.FromValues(values, options);
}
