namespace Tether.SocketIO.Parsing;

/// <summary>
/// The per-thread state that lets the byte converters take part in Socket.IO's binary protocol. JSON serialisation is
/// synchronous, so a [ThreadStatic] slot set around one Serialize/Deserialize call is seen by exactly the converters
/// that call runs. Outside such a scope the converters behave like System.Text.Json's defaults (base64 strings).
/// </summary>
internal static class AttachmentContext
{
    // Encoding: whether a packet is being encoded, and the attachments collected so far (allocated on the first
    // byte value, so packets without binary never allocate the list).
    [ThreadStatic] private static bool t_encoding;
    [ThreadStatic] private static List<byte[]>? t_outgoing;

    // Decoding: the attachments placeholders refer to while arguments are bound.
    [ThreadStatic] private static IReadOnlyList<byte[]>? t_incoming;

    /// <summary>True while a packet is being encoded on this thread.</summary>
    public static bool IsEncoding => t_encoding;

    /// <summary>The attachments of the arguments being bound on this thread, or null.</summary>
    public static IReadOnlyList<byte[]>? Incoming => t_incoming;

    /// <summary>Starts collecting attachments; dispose-free so the fast path stays a couple of field writes.</summary>
    public static EncodeScope BeginEncode()
    {
        var scope = new EncodeScope(t_encoding, t_outgoing);
        t_encoding = true;
        t_outgoing = null;
        return scope;
    }

    /// <summary>Adds a copy of <paramref name="bytes"/> as the next attachment and returns its index.</summary>
    public static int AddAttachment(ReadOnlySpan<byte> bytes)
    {
        // A copy: the caller's buffer may be reused (or pooled) before the queued frames are written.
        var list = t_outgoing ??= new List<byte[]>(1);
        list.Add(bytes.ToArray());
        return list.Count - 1;
    }

    /// <summary>Makes <paramref name="attachments"/> visible to the converters; returns what to restore.</summary>
    public static IReadOnlyList<byte[]>? BeginDecode(IReadOnlyList<byte[]>? attachments)
    {
        var previous = t_incoming;
        t_incoming = attachments;
        return previous;
    }

    /// <summary>Restores the decode state saved by <see cref="BeginDecode"/>.</summary>
    public static void EndDecode(IReadOnlyList<byte[]>? previous) => t_incoming = previous;

    /// <summary>The saved state of an enclosing encode (nesting happens if a converter encodes a packet itself).</summary>
    internal readonly struct EncodeScope(bool previousEncoding, List<byte[]>? previousOutgoing)
    {
        /// <summary>Ends the scope: returns the collected attachments (null when none) and restores the outer state.</summary>
        public List<byte[]>? End()
        {
            var collected = t_outgoing;
            t_encoding = previousEncoding;
            t_outgoing = previousOutgoing;
            return collected;
        }
    }
}
