namespace Tether.SocketIO.Parsing;

/// <summary>
/// The parsed prefix of a text packet, <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;nsp&gt;,][&lt;id&gt;]</c>, and where the JSON starts.
/// </summary>
internal readonly ref struct PacketHeader
{
    /// <summary>Ids are JavaScript numbers on the client side: anything above 2^53-1 cannot be an id it made.</summary>
    public const long MaxAckId = (1L << 53) - 1;

    public SocketIOPacketType Type { get; init; }
    public int Attachments { get; init; }
    /// <summary>The namespace bytes, empty when the packet is for "/".</summary>
    public ReadOnlySpan<byte> Namespace { get; init; }
    public long? Id { get; init; }
    /// <summary>Everything after the header (empty when the packet has no data).</summary>
    public ReadOnlySpan<byte> Payload { get; init; }

    /// <summary>Parses the header of <paramref name="text"/> (already known to be valid UTF-8).</summary>
    public static PacketHeader Parse(ReadOnlySpan<byte> text, int maxAttachments)
    {
        if (text.IsEmpty) throw new SocketIOProtocolException("Empty packet.");
        var typeDigit = text[0] - '0';
        if (typeDigit is < 0 or > 6)
            throw new SocketIOProtocolException($"Unknown packet type '{Describe(text[0])}'.");
        var type = (SocketIOPacketType)typeDigit;
        var pos = 1;

        var attachments = 0;
        if (type is SocketIOPacketType.BinaryEvent or SocketIOPacketType.BinaryAck)
            attachments = ParseAttachmentCount(text, ref pos, maxAttachments);

        ReadOnlySpan<byte> nsp = default;
        if (pos < text.Length && text[pos] == '/')
        {
            // As socket.io-parser: the namespace runs to the first ',' (or to the end when there is none).
            var comma = text[pos..].IndexOf((byte)',');
            if (comma < 0)
            {
                nsp = text[pos..];
                pos = text.Length;
            }
            else
            {
                nsp = text.Slice(pos, comma);
                pos += comma + 1;
            }
        }

        long? id = null;
        if (pos < text.Length && IsDigit(text[pos]))
        {
            long value = 0;
            while (pos < text.Length && IsDigit(text[pos]))
            {
                value = value * 10 + (text[pos] - '0');
                if (value > MaxAckId) throw new SocketIOProtocolException($"Ack id out of range (max {MaxAckId}).");
                pos++;
            }
            id = value;
        }

        return new PacketHeader
        {
            Type = type,
            Attachments = attachments,
            Namespace = nsp.Length == 1 ? default : nsp, // "/," is the default namespace written out
            Id = id,
            Payload = text[pos..],
        };
    }

    private static int ParseAttachmentCount(ReadOnlySpan<byte> text, ref int pos, int maxAttachments)
    {
        var start = pos;
        var count = 0;
        while (pos < text.Length && IsDigit(text[pos]))
        {
            count = count * 10 + (text[pos] - '0');
            if (count > maxAttachments)
                throw new SocketIOProtocolException($"Too many binary attachments (the limit is {maxAttachments}).");
            pos++;
        }
        if (pos == start || pos >= text.Length || text[pos] != '-')
            throw new SocketIOProtocolException("Illegal attachment count: expected digits followed by '-'.");
        pos++;
        return count;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static string Describe(byte b) => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"0x{b:X2}";
}
