using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tether.EngineIO;

namespace Tether.SocketIO.Parsing;

/// <summary>
/// Encodes a packet into Engine.IO messages: one text message, then one binary message per attachment. The result is
/// immutable and meant to be shared by every recipient of a broadcast.
/// </summary>
internal static class PacketEncoder
{
    /// <summary>
    /// Encodes <paramref name="packet"/>. EVENT/ACK whose data holds bytes (byte[], ReadOnlyMemory&lt;byte&gt;,
    /// Memory&lt;byte&gt;, ArraySegment&lt;byte&gt;, anywhere) become BINARY_EVENT/BINARY_ACK with placeholders.
    /// <paramref name="options"/> should carry the Socket.IO converters (<see cref="SocketIOJson.AddSocketIOConverters"/>);
    /// without them bytes are sent as base64 strings.
    /// </summary>
    public static EngineMessage[] Encode(OutgoingPacket packet, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        if (packet.Id < 0) throw new ArgumentOutOfRangeException(nameof(packet), "An ack id cannot be negative.");

        // The encoder decides binary-ness itself; a caller passing a binary type gets the plain one when no bytes remain.
        var type = packet.Type switch
        {
            SocketIOPacketType.BinaryEvent => SocketIOPacketType.Event,
            SocketIOPacketType.BinaryAck => SocketIOPacketType.Ack,
            var t => t,
        };

        var scratch = EncoderScratch.Rent();
        try
        {
            List<byte[]>? attachments = null;
            if (packet.Data is { } data)
            {
                var writer = scratch.GetWriter(options);
                if (type is SocketIOPacketType.Event or SocketIOPacketType.Ack)
                {
                    // Only EVENT/ACK can carry attachments (as in socket.io-parser); elsewhere bytes stay base64.
                    var scope = AttachmentContext.BeginEncode();
                    try
                    {
                        if (data is object?[] items) WriteArguments(writer, items, options);
                        else JsonSerializer.Serialize(writer, data, data.GetType(), options);
                    }
                    finally { attachments = scope.End(); }
                }
                else
                {
                    JsonSerializer.Serialize(writer, data, data.GetType(), options);
                }
                writer.Flush();
            }

            if (attachments is null)
                return [EngineMessage.Text(ComposeText(type, 0, packet.Namespace, packet.Id, scratch.Buffer.WrittenSpan))];

            type = type == SocketIOPacketType.Event ? SocketIOPacketType.BinaryEvent : SocketIOPacketType.BinaryAck;
            var messages = new EngineMessage[attachments.Count + 1];
            messages[0] = EngineMessage.Text(ComposeText(type, attachments.Count, packet.Namespace, packet.Id, scratch.Buffer.WrittenSpan));
            for (var i = 0; i < attachments.Count; i++)
                messages[i + 1] = EngineMessage.Binary(attachments[i]);
            return messages;
        }
        finally
        {
            EncoderScratch.Return(scratch);
        }
    }

    /// <summary>
    /// Writes an event's or ack's argument array as the serializer would, with two shortcuts for what handlers emit
    /// most: strings (the event name) are written directly, and a <see cref="JsonElement"/> received from a client
    /// (relayed or echoed unchanged) is copied as its raw JSON instead of being walked and re-escaped token by token.
    /// </summary>
    private static void WriteArguments(Utf8JsonWriter writer, object?[] items, JsonSerializerOptions options)
    {
        // A user converter could change how strings are written: then strings go through the serializer too.
        var plainStrings = options.Converters.Count <= 1;
        writer.WriteStartArray();
        foreach (var item in items)
        {
            switch (item)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string text when plainStrings:
                    writer.WriteStringValue(text);
                    break;
                case JsonElement { ValueKind: not JsonValueKind.Undefined } element:
                    // The element came out of a parsed (hence valid) document: no need to validate it again.
                    writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(element), skipInputValidation: true);
                    break;
                default:
                    JsonSerializer.Serialize(writer, item, item.GetType(), options);
                    break;
            }
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// Builds <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;nsp&gt;,][&lt;id&gt;][json]</c> in one exactly-sized array: the header is
    /// only known after serialisation (the attachment count), so it is written in front of the copied JSON.
    /// </summary>
    private static byte[] ComposeText(SocketIOPacketType type, int attachmentCount, string? nsp, long? id, ReadOnlySpan<byte> json)
    {
        var isBinary = type is SocketIOPacketType.BinaryEvent or SocketIOPacketType.BinaryAck;
        Span<byte> countDigits = stackalloc byte[11];
        var countLength = 0;
        if (isBinary) attachmentCount.TryFormat(countDigits, out countLength);

        Span<byte> idDigits = stackalloc byte[20];
        var idLength = 0;
        if (id is { } idValue) idValue.TryFormat(idDigits, out idLength);

        var hasNamespace = !string.IsNullOrEmpty(nsp) && nsp != "/";
        var nspLength = hasNamespace ? Encoding.UTF8.GetByteCount(nsp!) : 0;

        var length = 1 + (isBinary ? countLength + 1 : 0) + (hasNamespace ? nspLength + 1 : 0) + idLength + json.Length;
        var text = new byte[length];
        var span = text.AsSpan();
        span[0] = (byte)('0' + (int)type);
        var pos = 1;
        if (isBinary)
        {
            countDigits[..countLength].CopyTo(span[pos..]);
            pos += countLength;
            span[pos++] = (byte)'-';
        }
        if (hasNamespace)
        {
            pos += Encoding.UTF8.GetBytes(nsp, span[pos..]);
            span[pos++] = (byte)',';
        }
        idDigits[..idLength].CopyTo(span[pos..]);
        pos += idLength;
        json.CopyTo(span[pos..]);
        return text;
    }
}
