using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tether.SocketIO.Parsing;

/// <summary>
/// Turns received JSON that contains attachment placeholders into values that re-emit as binary: a
/// <see cref="JsonNode"/> tree whose placeholders are <c>JsonValue.Create(byte[])</c> (which the attachment converter
/// encodes as attachments again).
/// </summary>
internal static class PlaceholderNodes
{
    /// <summary>Whether any placeholder for one of <paramref name="attachments"/> sits in <paramref name="element"/>.</summary>
    public static bool Contains(JsonElement element, IReadOnlyList<byte[]> attachments)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    if (Contains(item, attachments)) return true;
                return false;
            case JsonValueKind.Object:
                if (Placeholder.TryGetNum(element, attachments.Count) >= 0) return true;
                foreach (var property in element.EnumerateObject())
                    if (Contains(property.Value, attachments)) return true;
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// The re-emittable value of <paramref name="element"/>: the element itself without placeholders, the
    /// attachment itself for a top-level placeholder, otherwise a node tree.
    /// </summary>
    public static object? ToValue(JsonElement element, IReadOnlyList<byte[]> attachments)
    {
        if (attachments.Count == 0 || !Contains(element, attachments)) return element;
        var num = Placeholder.TryGetNum(element, attachments.Count);
        return num >= 0 ? attachments[num] : ToNode(element, attachments);
    }

    /// <summary>A node tree of <paramref name="element"/> with each placeholder replaced by its attachment.</summary>
    public static JsonNode? ToNode(JsonElement element, IReadOnlyList<byte[]> attachments)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray()) array.Add(ToNode(item, attachments));
                return array;
            case JsonValueKind.Object:
                var num = Placeholder.TryGetNum(element, attachments.Count);
                if (num >= 0) return JsonValue.Create(attachments[num]);
                var obj = new JsonObject();
                // Indexer, not Add: JSON may repeat a property name, and the last one wins as in JavaScript.
                foreach (var property in element.EnumerateObject()) obj[property.Name] = ToNode(property.Value, attachments);
                return obj;
            default:
                return JsonValue.Create(element); // null for JSON null
        }
    }
}
