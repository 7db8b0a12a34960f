using System.Text.Json;

namespace Tether.SocketIO.Parsing;

/// <summary>
/// Checks the placeholders of a binary packet before its attachments arrive: every object with a
/// <c>_placeholder</c> property must be <c>{"_placeholder":true,"num":N}</c> with N in range, and each attachment must
/// be referenced exactly once (what every Socket.IO client produces), so binding never meets a dangling reference.
/// </summary>
internal static class PlaceholderValidator
{
    public static void Validate(JsonElement data, int attachmentCount)
    {
        // Up to 10-ish attachments by default; a stackalloc'd bitmap is enough and allocation-free.
        Span<bool> seen = attachmentCount <= 256 ? stackalloc bool[attachmentCount] : new bool[attachmentCount];
        var found = 0;
        Walk(data, seen, ref found);
        if (found != attachmentCount)
            throw new SocketIOProtocolException($"The packet announces {attachmentCount} attachment(s) but references {found}.");
    }

    // Recursion depth is bounded by the decoder's MaxJsonDepth, which the reader already enforced.
    private static void Walk(JsonElement element, Span<bool> seen, ref int found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Walk(item, seen, ref found);
                break;
            case JsonValueKind.Object:
                if (element.TryGetProperty(Placeholder.FlagName, out _))
                {
                    var num = Placeholder.TryGetNum(element, seen.Length);
                    if (num < 0)
                        throw new SocketIOProtocolException($"Illegal attachment placeholder: expected {{\"_placeholder\":true,\"num\":0..{seen.Length - 1}}}.");
                    if (seen[num])
                        throw new SocketIOProtocolException($"Attachment {num} is referenced twice.");
                    seen[num] = true;
                    found++;
                    break;
                }
                foreach (var property in element.EnumerateObject()) Walk(property.Value, seen, ref found);
                break;
        }
    }
}
