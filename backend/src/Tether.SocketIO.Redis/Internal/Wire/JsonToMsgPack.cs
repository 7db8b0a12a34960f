using System.Text.Json;
using MessagePack;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Redis.Internal.Wire;

/// <summary>
/// Writes JSON values as msgpack the way notepack.io encodes the equivalent JS values: objects as maps, integers in
/// their smallest form, other numbers as float64, and attachment placeholders as msgpack binary (a Node peer decodes
/// them to Buffers, which socket.io sends as binary attachments again).
/// </summary>
internal static class JsonToMsgPack
{
    /// <summary>Writes <paramref name="element"/>; placeholders index <paramref name="attachments"/>.</summary>
    public static void Write(ref MessagePackWriter writer, JsonElement element, IReadOnlyList<byte[]> attachments)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (attachments.Count > 0 && Placeholder.TryGetNum(element, attachments.Count) is var num and >= 0)
                {
                    writer.Write(attachments[num].AsSpan());
                    return;
                }
                writer.WriteMapHeader(element.GetPropertyCount());
                foreach (var property in element.EnumerateObject())
                {
                    writer.Write(property.Name);
                    Write(ref writer, property.Value, attachments);
                }
                return;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(element.GetArrayLength());
                foreach (var item in element.EnumerateArray()) Write(ref writer, item, attachments);
                return;
            case JsonValueKind.String:
                writer.Write(element.GetString());
                return;
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var integer)) writer.Write(integer);
                else if (element.TryGetUInt64(out var unsigned)) writer.Write(unsigned);
                else writer.Write(element.GetDouble());
                return;
            case JsonValueKind.True:
                writer.Write(true);
                return;
            case JsonValueKind.False:
                writer.Write(false);
                return;
            default:
                writer.WriteNil();
                return;
        }
    }
}
