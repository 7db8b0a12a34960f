using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MessagePack;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Redis.Internal.Wire;

/// <summary>
/// Transcodes msgpack (as Node's notepack.io writes it) into JSON: maps become objects, arrays arrays, strings and
/// numbers themselves; binary becomes an attachment placeholder, so bytes survive as bytes. The msgpack types JSON
/// lacks map the way Node would have seen them: a timestamp to its ISO-8601 string (a JS Date serialises so),
/// notepack's legacy <c>undefined</c> and unknown extensions to null, non-finite floats to null.
/// </summary>
internal static class MsgPackToJson
{
    // Nesting beyond this is refused rather than risking the stack on a hostile message.
    private const int MaxDepth = 64;

    /// <summary>Decodes a whole msgpack message.</summary>
    /// <exception cref="FormatException">Not valid msgpack, too deep, or trailing bytes.</exception>
    public static WireMessage Decode(ReadOnlyMemory<byte> payload)
    {
        var attachments = new List<byte[]>();
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, payload.Length * 2));
        try
        {
            var reader = new MessagePackReader(payload);
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            {
                WriteValue(ref reader, writer, attachments, 0);
            }
            if (!reader.End) throw new FormatException("Trailing bytes after the msgpack value.");
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException or ArgumentException or InvalidOperationException)
        {
            throw new FormatException("Malformed msgpack message.", ex);
        }
        var json = new Utf8JsonReader(buffer.WrittenSpan);
        return new WireMessage(JsonElement.ParseValue(ref json), attachments);
    }

    /// <summary>Reads the first element of a msgpack array whose first element is a string (a broadcast's uid).</summary>
    public static bool TryPeekFirstString(ReadOnlyMemory<byte> payload, out string? value)
    {
        value = null;
        try
        {
            var reader = new MessagePackReader(payload);
            if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() == 0) return false;
            if (reader.NextMessagePackType != MessagePackType.String) return false;
            value = reader.ReadString();
            return true;
        }
        catch (Exception ex) when (ex is MessagePackSerializationException or EndOfStreamException)
        {
            return false;
        }
    }

    private static void WriteValue(ref MessagePackReader reader, Utf8JsonWriter writer, List<byte[]> attachments, int depth)
    {
        if (depth > MaxDepth) throw new FormatException($"msgpack nesting deeper than {MaxDepth}.");
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                writer.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                writer.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64) writer.WriteNumberValue(reader.ReadUInt64());
                else writer.WriteNumberValue(reader.ReadInt64());
                break;
            case MessagePackType.Float:
                var number = reader.ReadDouble();
                if (double.IsFinite(number)) writer.WriteNumberValue(number);
                else writer.WriteNullValue(); // as JSON.stringify does
                break;
            case MessagePackType.String:
                WriteString(ref reader, writer, propertyName: false);
                break;
            case MessagePackType.Binary:
                AddAttachment(writer, attachments, reader.ReadBytes()!.Value.ToArray());
                break;
            case MessagePackType.Array:
                var length = reader.ReadArrayHeader();
                writer.WriteStartArray();
                for (var i = 0; i < length; i++) WriteValue(ref reader, writer, attachments, depth + 1);
                writer.WriteEndArray();
                break;
            case MessagePackType.Map:
                var count = reader.ReadMapHeader();
                writer.WriteStartObject();
                for (var i = 0; i < count; i++)
                {
                    WriteKey(ref reader, writer);
                    WriteValue(ref reader, writer, attachments, depth + 1);
                }
                writer.WriteEndObject();
                break;
            case MessagePackType.Extension:
                WriteExtension(ref reader, writer, attachments);
                break;
            default:
                throw new FormatException($"Unsupported msgpack code 0x{reader.NextCode:x2}.");
        }
    }

    private static void WriteString(ref MessagePackReader reader, Utf8JsonWriter writer, bool propertyName)
    {
        ReadOnlySpan<byte> utf8;
        byte[]? copy = null;
        if (!reader.TryReadStringSpan(out utf8))
        {
            copy = reader.ReadStringSequence()!.Value.ToArray();
            utf8 = copy;
        }
        if (propertyName) writer.WritePropertyName(utf8);
        else writer.WriteStringValue(utf8);
    }

    /// <summary>Map keys: strings as they are; anything else (JS would have stringified it) as its text.</summary>
    private static void WriteKey(ref MessagePackReader reader, Utf8JsonWriter writer)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.String:
                WriteString(ref reader, writer, propertyName: true);
                break;
            case MessagePackType.Integer:
                writer.WritePropertyName(reader.NextCode == MessagePackCode.UInt64
                    ? reader.ReadUInt64().ToString(CultureInfo.InvariantCulture)
                    : reader.ReadInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case MessagePackType.Float:
                writer.WritePropertyName(reader.ReadDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            case MessagePackType.Boolean:
                writer.WritePropertyName(reader.ReadBoolean() ? "true" : "false");
                break;
            case MessagePackType.Nil:
                reader.ReadNil();
                writer.WritePropertyName("null");
                break;
            default:
                throw new FormatException("Unsupported msgpack map key type.");
        }
    }

    private static void WriteExtension(ref MessagePackReader reader, Utf8JsonWriter writer, List<byte[]> attachments)
    {
        var header = reader.ReadExtensionFormatHeader();
        if (header.TypeCode == ReservedMessagePackExtensionTypeCode.DateTime)
        {
            var time = reader.ReadDateTime(header);
            writer.WriteStringValue(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            return;
        }
        var data = reader.ReadRaw(header.Length);
        // notepack's legacy encodings: type 0 with one byte was `undefined`, other type 0 values were ArrayBuffers.
        if (header.TypeCode == 0 && header.Length != 1) AddAttachment(writer, attachments, data.ToArray());
        else writer.WriteNullValue();
    }

    private static void AddAttachment(Utf8JsonWriter writer, List<byte[]> attachments, byte[] bytes)
    {
        attachments.Add(bytes);
        Placeholder.Write(writer, attachments.Count - 1);
    }
}
