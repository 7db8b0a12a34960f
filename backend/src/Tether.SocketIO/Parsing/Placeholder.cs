using System.Text.Json;

namespace Tether.SocketIO.Parsing;

/// <summary>The <c>{"_placeholder":true,"num":N}</c> object that stands for an attachment inside the JSON.</summary>
internal static class Placeholder
{
    public const string FlagName = "_placeholder";
    public const string NumName = "num";

    /// <summary>Writes the placeholder of attachment <paramref name="num"/>.</summary>
    public static void Write(Utf8JsonWriter writer, int num)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("_placeholder"u8, true);
        writer.WriteNumber("num"u8, num);
        writer.WriteEndObject();
    }

    /// <summary>
    /// The attachment index when <paramref name="element"/> is a well-formed placeholder for one of
    /// <paramref name="count"/> attachments; -1 otherwise. Extra properties are tolerated, as in socket.io-parser.
    /// </summary>
    public static int TryGetNum(JsonElement element, int count)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty(FlagName, out var flag) || flag.ValueKind != JsonValueKind.True
            || !element.TryGetProperty(NumName, out var num) || num.ValueKind != JsonValueKind.Number || !num.TryGetInt32(out var n)
            || n < 0 || n >= count)
        {
            return -1;
        }
        return n;
    }

    /// <summary>
    /// Reads a placeholder object with <paramref name="reader"/> on its StartObject (converters get the whole value
    /// buffered, so skipping is safe) and returns the attachment it names.
    /// </summary>
    public static byte[] Read(ref Utf8JsonReader reader, IReadOnlyList<byte[]> attachments)
    {
        var flag = false;
        var num = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isFlag = reader.ValueTextEquals(FlagName);
            var isNum = !isFlag && reader.ValueTextEquals(NumName);
            reader.Read();
            if (isFlag) flag = reader.TokenType == JsonTokenType.True;
            else if (isNum) num = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) ? n : -1;
            reader.Skip(); // a no-op on primitives; steps over nested values of unknown properties
        }
        if (!flag || num < 0 || num >= attachments.Count)
            throw new JsonException($"Expected a binary attachment placeholder referring to one of {attachments.Count} attachment(s).");
        return attachments[num];
    }
}
