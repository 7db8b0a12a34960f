using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tether.SocketIO.Parsing;

/// <summary>
/// Serialises a byte container as a Socket.IO attachment (placeholder + binary message) while a packet is encoded,
/// binds a placeholder back to the attachment while arguments are bound, and otherwise behaves like
/// System.Text.Json's default (a base64 string), so the same options keep working for ordinary JSON.
/// </summary>
internal abstract class AttachmentConverter<T> : JsonConverter<T>
{
    // Value types (ReadOnlyMemory etc.) get a JSON null as default instead of an exception.
    public override bool HandleNull => typeof(T).IsValueType;

    protected abstract ReadOnlySpan<byte> GetBytes(T value);
    protected abstract T FromBytes(byte[] bytes);

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when AttachmentContext.Incoming is { } attachments:
                return FromBytes(Placeholder.Read(ref reader, attachments));
            case JsonTokenType.String:
                return FromBytes(reader.GetBytesFromBase64());
            case JsonTokenType.Null:
                return default;
            default:
                throw new JsonException($"Cannot bind {reader.TokenType} to {typeof(T).Name}: expected a binary attachment or a base64 string.");
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        var bytes = GetBytes(value);
        if (AttachmentContext.IsEncoding)
            Placeholder.Write(writer, AttachmentContext.AddAttachment(bytes));
        else
            writer.WriteBase64StringValue(bytes);
    }
}

internal sealed class ByteArrayAttachmentConverter : AttachmentConverter<byte[]>
{
    protected override ReadOnlySpan<byte> GetBytes(byte[] value) => value;
    protected override byte[] FromBytes(byte[] bytes) => bytes;
}

internal sealed class ReadOnlyMemoryAttachmentConverter : AttachmentConverter<ReadOnlyMemory<byte>>
{
    protected override ReadOnlySpan<byte> GetBytes(ReadOnlyMemory<byte> value) => value.Span;
    protected override ReadOnlyMemory<byte> FromBytes(byte[] bytes) => bytes;
}

internal sealed class MemoryAttachmentConverter : AttachmentConverter<Memory<byte>>
{
    protected override ReadOnlySpan<byte> GetBytes(Memory<byte> value) => value.Span;
    protected override Memory<byte> FromBytes(byte[] bytes) => bytes;
}

internal sealed class ArraySegmentAttachmentConverter : AttachmentConverter<ArraySegment<byte>>
{
    protected override ReadOnlySpan<byte> GetBytes(ArraySegment<byte> value) => value;
    protected override ArraySegment<byte> FromBytes(byte[] bytes) => bytes;
}
