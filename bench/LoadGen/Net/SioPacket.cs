using System.Buffers.Text;

namespace LoadGen.Net;

/// <summary>
/// One Socket.IO v5 packet as the generator needs it: the type digit, the ack id (or -1) and the JSON payload, all
/// sliced out of the received bytes without copying. Wire form: <c>&lt;type&gt;[/nsp,][id][json]</c>.
/// </summary>
internal readonly ref struct SioPacket
{
    public const byte Connect = (byte)'0', Event = (byte)'2', Ack = (byte)'3', ConnectError = (byte)'4';

    public SioPacket(byte type, long id, ReadOnlySpan<byte> json)
    {
        Type = type;
        Id = id;
        Json = json;
    }

    public byte Type { get; }
    public long Id { get; }
    public ReadOnlySpan<byte> Json { get; }

    /// <summary>Parses a Socket.IO packet (the Engine.IO message payload, without the leading '4').</summary>
    public static SioPacket Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty) return new SioPacket(0, -1, default);
        var type = packet[0];
        var rest = packet[1..];
        if (!rest.IsEmpty && rest[0] == '/')
        {
            var comma = rest.IndexOf((byte)',');
            rest = comma < 0 ? default : rest[(comma + 1)..];
        }
        long id = -1;
        var digits = 0;
        while (digits < rest.Length && (uint)(rest[digits] - '0') <= 9) digits++;
        if (digits > 0)
        {
            Utf8Parser.TryParse(rest[..digits], out id, out _);
            rest = rest[digits..];
        }
        return new SioPacket(type, id, rest);
    }

    /// <summary>Reads the integer after <c>"ts":</c> in the JSON (the generator's own stamp), or -1.</summary>
    public static long ReadTimestamp(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf("\"ts\":"u8);
        if (at < 0) return -1;
        return Utf8Parser.TryParse(json[(at + 5)..], out long ts, out _) ? ts : -1;
    }
}
