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
