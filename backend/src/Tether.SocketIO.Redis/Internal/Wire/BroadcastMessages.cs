using System.Text.Json;
using MessagePack;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Redis.Internal.Wire;

/// <summary>
/// The msgpack messages that carry packets: a broadcast <c>[uid, {type, data, nsp}, {rooms, except, flags}]</c>, a
/// broadcast-with-ack request <c>{uid, requestId, type: 7, packet, opts}</c> and an acknowledgement
/// <c>{type: 9, requestId, packet}</c> (Node's adapter encodes exactly these three with its msgpack parser).
/// </summary>
internal static class BroadcastMessages
{
    /// <summary>Data serialised once (with attachments) for one publish.</summary>
    public readonly record struct EncodedData(JsonElement Json, IReadOnlyList<byte[]> Attachments);

    public static byte[] Broadcast(string uid, string nsp, EncodedData data, BroadcastOptions opts)
        => MessageBuffers.MsgPack((uid, nsp, data, opts), static (ref MessagePackWriter w, (string Uid, string Nsp, EncodedData Data, BroadcastOptions Opts) s) =>
        {
            w.WriteArrayHeader(3);
            w.Write(s.Uid);
            WritePacket(ref w, s.Nsp, s.Data);
            WriteOptions(ref w, s.Opts);
        });

    /// <summary>
    /// A broadcast logged for connection state recovery, in two pieces that surround its offset (the id Redis gives
    /// its log entry, known only once it is added): <c>head + offset + tail + offset</c> is
    /// <c>[uid, {type, data: [...args, offset], nsp}, opts, offset]</c>. Node members read the first three elements
    /// as usual and pass the offset on as the last argument (as Node's own recovery-enabled servers send it); the
    /// fourth element tells Tether members that the last argument is an offset rather than an application value.
    /// </summary>
    public static (byte[] Head, byte[] Tail) LoggedBroadcast(string uid, string nsp, EncodedData data, BroadcastOptions opts)
    {
        var head = MessageBuffers.MsgPack((uid, data), static (ref MessagePackWriter w, (string Uid, EncodedData Data) s) =>
        {
            w.WriteArrayHeader(4);
            w.Write(s.Uid);
            w.WriteMapHeader(3);
            w.Write("type");
            w.Write((int)SocketIOPacketType.Event);
            w.Write("data");
            var args = s.Data.Json;
            w.WriteArrayHeader(args.GetArrayLength() + 1);
            foreach (var arg in args.EnumerateArray()) JsonToMsgPack.Write(ref w, arg, s.Data.Attachments);
        });
        var tail = MessageBuffers.MsgPack((nsp, opts), static (ref MessagePackWriter w, (string Nsp, BroadcastOptions Opts) s) =>
        {
            w.Write("nsp");
            w.Write(s.Nsp);
            WriteOptions(ref w, s.Opts);
        });
        return (head, tail);
    }

    /// <summary>The logged broadcast <paramref name="head"/>/<paramref name="tail"/> with its offset, as published.</summary>
    public static byte[] JoinLogged(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, string offset)
    {
        var encodedOffset = MessageBuffers.MsgPack(offset, static (ref MessagePackWriter w, string s) => w.Write(s));
        var message = new byte[head.Length + tail.Length + 2 * encodedOffset.Length];
        var span = message.AsSpan();
        head.CopyTo(span);
        encodedOffset.CopyTo(span[head.Length..]);
        tail.CopyTo(span[(head.Length + encodedOffset.Length)..]);
        encodedOffset.CopyTo(span[(head.Length + encodedOffset.Length + tail.Length)..]);
        return message;
    }

    /// <summary>
    /// The offset a logged broadcast ends with (its fourth element, a msgpack string <c>&lt;ms&gt;-&lt;seq&gt;</c>), read
    /// from the end of the message without decoding it. The offset's characters (digits and <c>-</c>) can never be
    /// taken for the string header, so the first header found is the right one.
    /// </summary>
    public static bool TryReadTrailingOffset(ReadOnlySpan<byte> message, out string offset)
    {
        offset = "";
        for (var n = 3; n <= 41 && n + 2 <= message.Length; n++)
        {
            var header = n < 32
                ? message[^(n + 1)] == 0xa0 + n
                : n + 3 <= message.Length && message[^(n + 2)] == 0xd9 && message[^(n + 1)] == n;
            if (!header) continue;
            var body = message[^n..];
            var dash = 0;
            foreach (var b in body)
            {
                if (b == (byte)'-') dash++;
                else if (b is < (byte)'0' or > (byte)'9') return false;
            }
            if (dash != 1) return false;
            offset = System.Text.Encoding.ASCII.GetString(body);
            return true;
        }
        return false;
    }

    public static byte[] BroadcastRequest(string uid, string requestId, string nsp, EncodedData data, BroadcastOptions opts)
        => MessageBuffers.MsgPack((uid, requestId, nsp, data, opts), static (ref MessagePackWriter w, (string Uid, string RequestId, string Nsp, EncodedData Data, BroadcastOptions Opts) s) =>
        {
            w.WriteMapHeader(5);
            w.Write("uid");
            w.Write(s.Uid);
            w.Write("requestId");
            w.Write(s.RequestId);
            w.Write("type");
            w.Write((int)RequestType.Broadcast);
            w.Write("packet");
            WritePacket(ref w, s.Nsp, s.Data);
            w.Write("opts");
            WriteOptions(ref w, s.Opts);
        });

    /// <summary>
    /// An acknowledgement: Node forwards only the first argument a client acknowledged with (absent when none), so
    /// does this.
    /// </summary>
    public static byte[] BroadcastAck(string requestId, EncodedData? firstArgument)
        => MessageBuffers.MsgPack((requestId, firstArgument), static (ref MessagePackWriter w, (string RequestId, EncodedData? Arg) s) =>
        {
            w.WriteMapHeader(s.Arg is null ? 2 : 3);
            w.Write("type");
            w.Write((int)RequestType.BroadcastAck);
            w.Write("requestId");
            w.Write(s.RequestId);
            if (s.Arg is { } arg)
            {
                w.Write("packet");
                JsonToMsgPack.Write(ref w, arg.Json, arg.Attachments);
            }
        });

    private static void WritePacket(ref MessagePackWriter w, string nsp, EncodedData data)
    {
        w.WriteMapHeader(3);
        w.Write("type");
        w.Write((int)SocketIOPacketType.Event);
        w.Write("data");
        JsonToMsgPack.Write(ref w, data.Json, data.Attachments);
        w.Write("nsp");
        w.Write(nsp);
    }

    private static void WriteOptions(ref MessagePackWriter w, BroadcastOptions opts)
    {
        w.WriteMapHeader(3);
        w.Write("rooms");
        WriteRooms(ref w, opts.Rooms);
        w.Write("except");
        WriteRooms(ref w, opts.Except);
        w.Write("flags");
        WriteFlags(ref w, opts.Flags);
    }

    private static void WriteRooms(ref MessagePackWriter w, IReadOnlySet<string> rooms)
    {
        w.WriteArrayHeader(rooms.Count);
        foreach (var room in rooms) w.Write(room);
    }

    /// <summary>Only the flags that differ from Node's defaults, as Node's flags object would hold them.</summary>
    private static void WriteFlags(ref MessagePackWriter w, BroadcastFlags flags)
    {
        var count = (flags.Volatile ? 1 : 0) + (flags.Compress ? 0 : 1) + (flags.Timeout is null ? 0 : 1);
        w.WriteMapHeader(count);
        if (flags.Volatile)
        {
            w.Write("volatile");
            w.Write(true);
        }
        if (!flags.Compress)
        {
            w.Write("compress");
            w.Write(false);
        }
        if (flags.Timeout is { } timeout)
        {
            w.Write("timeout");
            w.Write((long)timeout.TotalMilliseconds);
        }
    }
}
