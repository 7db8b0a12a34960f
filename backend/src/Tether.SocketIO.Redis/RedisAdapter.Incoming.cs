using System.Text.Json;
using StackExchange.Redis;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Parsing;
using Tether.SocketIO.Redis.Internal;
using Tether.SocketIO.Redis.Internal.Recovery;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis;

public sealed partial class RedisAdapter
{
    /// <summary>
    /// A broadcast from another server (or an emitter): <c>[uid, {type, data, nsp}, {rooms, except, flags}]</c> in
    /// msgpack (with a fourth element, the offset, when its sender logged it for recovery), delivered to the matching local sockets (encoded once for all of them by the in-memory adapter).
    /// </summary>
    private void OnBroadcastMessage(ChannelMessage message)
    {
        var channel = message.Channel.ToString();
        try
        {
            if (!channel.StartsWith(_channels.Broadcast, StringComparison.Ordinal)) return;
            var room = _channels.RoomOf(channel);
            var local = false;
            if (room is not null && room.StartsWith(RedisChannels.LocalMark, StringComparison.Ordinal))
            {
                // Another server's broadcast to its own sockets only (logged for recovery): not for us.
                if (channel != _channels.LocalBroadcast) return;
                local = true;
            }
            ReadOnlyMemory<byte> payload = message.Message;
            if (!MsgPackToJson.TryPeekFirstString(payload, out var uid)) return;
            if (uid == Uid)
            {
                // Our own broadcasts come back through the pattern subscription. The logged ones (four elements) are
                // delivered locally now, in log order; the others were delivered already.
                if (_restores is not null && payload.Length > 0 && payload.Span[0] == 0x94) OnOwnLoggedEcho(payload, local, channel);
                return;
            }
            // A single-room broadcast for a room without local members concerns other servers: skip decoding it
            // (unless a restore is under way: the restored socket may be about to join that room).
            if (room is not null && !HasRoom(room) && _restores is not { Any: true }) return;
            var decoded = MsgPackToJson.Decode(payload);
            if (TryReadLogged(decoded, out var logged, out var loggedOpts, out var offsetText, out var offset))
            {
                // Logged by its sender: every server delivers it with the same offset, and logs nothing itself.
                var noted = _restores?.Note(offset, (object?[])logged.Data!, loggedOpts, uid!, local: false);
                try
                {
                    DeliverLocally(logged, loggedOpts, offsetText);
                }
                finally
                {
                    // Only while a restore is under way: its completion waits for this delivery (see RestoreWindows).
                    noted?.MarkDelivered();
                }
                return;
            }
            if (!TryReadBroadcast(decoded, out var packet, out var opts)) return;
            // Not logged (a Node member's, an emitter's): with recovery here it gets an offset of this server's log.
            Observe(DeliverLocallyAsync(packet, opts), channel);
        }
        catch (FormatException ex)
        {
            RedisLog.MalformedMessage(_logger, channel, ex);
        }
        catch (Exception ex)
        {
            RedisLog.HandlerFailed(_logger, channel, ex);
        }
    }

    private bool TryReadBroadcast(in WireMessage message, out OutgoingPacket packet, out BroadcastOptions opts)
    {
        packet = null!;
        opts = null!;
        var root = message.Root;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() < 3) return false;
        if (!TryReadPacket(root[1], message.Attachments, out packet)) return false;
        opts = RoomList.ReadOptions(root[2]);
        return true;
    }

    /// <summary>
    /// An EVENT packet <c>{type, data, nsp}</c> of this namespace (Node leaves <c>nsp</c> out for <c>/</c>); the
    /// arguments become values that re-encode unchanged, bytes included.
    /// </summary>
    private bool TryReadPacket(JsonElement packet, IReadOnlyList<byte[]> attachments, out OutgoingPacket result)
    {
        result = null!;
        if (packet.ValueKind != JsonValueKind.Object) return false;
        var nsp = packet.TryGetProperty("nsp", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : "/";
        if (nsp != Namespace.Name) return false;
        var type = packet.TryGetProperty("type", out var t) && t.TryGetInt32(out var number) ? number : -1;
        if (type is not ((int)SocketIOPacketType.Event or (int)SocketIOPacketType.BinaryEvent)) return false;
        if (!packet.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0
            || data[0].ValueKind != JsonValueKind.String)
        {
            return false;
        }
        result = new OutgoingPacket(SocketIOPacketType.Event, Namespace.Name, PacketData.ToValues(data, attachments));
        return true;
    }

    /// <summary>The in-memory adapter's delivery, bypassing this adapter's publishing (the packet came from Redis).</summary>
    private Task DeliverLocallyAsync(OutgoingPacket packet, BroadcastOptions opts) => base.BroadcastAsync(packet, opts);

    private Task DeliverLocallyWithAckAsync(OutgoingPacket packet, BroadcastOptions opts, Action<int> clientCount, Action<SocketIOArgs> ack)
        => base.BroadcastWithAckAsync(packet, opts, clientCount, ack);

    /// <summary>A response to one of this server's requests (or to another server's, ignored).</summary>
    private void OnResponseMessage(ChannelMessage message)
    {
        var channel = message.Channel.ToString();
        try
        {
            // Most responses on the shared channel answer other servers: skip decoding when nothing is pending.
            if (_requests.Count == 0) return;
            _requests.TryDispatch(WireMessage.Decode(message.Message));
        }
        catch (FormatException ex)
        {
            RedisLog.MalformedMessage(_logger, channel, ex);
        }
        catch (Exception ex)
        {
            RedisLog.HandlerFailed(_logger, channel, ex);
        }
    }
}
