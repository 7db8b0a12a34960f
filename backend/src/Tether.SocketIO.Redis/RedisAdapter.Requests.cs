using System.Text.Json;
using StackExchange.Redis;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Redis.Internal;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis;

public sealed partial class RedisAdapter
{
    /// <summary>
    /// A request from another server or an emitter. Handled in arrival order up to its first wait; anything slow
    /// (user handlers, disconnects, publishing the answer) runs on, so one request never holds up the next.
    /// </summary>
    private void OnRequestMessage(ChannelMessage message)
    {
        var channel = message.Channel.ToString();
        try
        {
            var request = WireMessage.Decode(message.Message);
            // This server's own requests come back too; their local part ran when they were sent.
            if (request.GetString("uid") == Uid) return;
            Observe(HandleRequestAsync(request), channel);
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

    private Task HandleRequestAsync(WireMessage request)
    {
        var requestId = request.GetString("requestId");
        var requester = request.GetString("uid");
        switch ((RequestType?)request.GetInt32("type"))
        {
            case RequestType.Sockets when requestId is not null:
                return AnswerSocketsAsync(request, requestId, requester);
            case RequestType.AllRooms when requestId is not null:
                return AnswerAllRoomsAsync(requestId, requester);
            case RequestType.RemoteJoin:
                return ApplyRoomsAsync(request, join: true, requestId, requester);
            case RequestType.RemoteLeave:
                return ApplyRoomsAsync(request, join: false, requestId, requester);
            case RequestType.RemoteDisconnect:
                return ApplyDisconnectAsync(request, requestId, requester);
            case RequestType.RemoteFetch when requestId is not null:
                return AnswerFetchAsync(request, requestId, requester);
            case RequestType.ServerSideEmit:
                return ReceiveServerSideEmitAsync(request, requestId);
            case RequestType.Broadcast when requestId is not null && !_requests.Contains(requestId):
                return ReceiveAckBroadcastAsync(request, requestId, requester);
            default:
                RedisLog.UnknownRequest(_logger, request.GetInt32("type") ?? -1, Namespace.Name);
                return Task.CompletedTask;
        }
    }

    private async Task AnswerSocketsAsync(WireMessage request, string requestId, string? requester)
    {
        var sockets = await SocketsAsync(RoomList.Read(request.Get("rooms"))).ConfigureAwait(false);
        await TryPublishAsync(ResponseChannelFor(requester), JsonMessages.ListResponse(requestId, "sockets", sockets)).ConfigureAwait(false);
    }

    private async Task AnswerAllRoomsAsync(string requestId, string? requester)
    {
        var rooms = await base.AllRoomsAsync().ConfigureAwait(false);
        await TryPublishAsync(ResponseChannelFor(requester), JsonMessages.ListResponse(requestId, "rooms", rooms)).ConfigureAwait(false);
    }

    private async Task AnswerFetchAsync(WireMessage request, string requestId, string? requester)
    {
        var sockets = await base.FetchSocketsAsync(RoomList.ReadOptions(request.Get("opts"))).ConfigureAwait(false);
        await TryPublishAsync(ResponseChannelFor(requester), RemoteSocketCodec.FetchResponse(requestId, sockets, Json)).ConfigureAwait(false);
    }

    /// <summary>
    /// REMOTE_JOIN / REMOTE_LEAVE: <c>{opts, rooms}</c> for the matching sockets (no answer, as in Node), or the
    /// legacy single-socket form <c>{sid, room}</c>, answered when the socket is here.
    /// </summary>
    private async Task ApplyRoomsAsync(WireMessage request, bool join, string? requestId, string? requester)
    {
        var opts = request.Get("opts");
        if (opts.ValueKind == JsonValueKind.Object)
        {
            var rooms = RoomList.Read(request.Get("rooms")).ToArray();
            var matching = RoomList.ReadOptions(opts);
            await (join ? base.AddSocketsAsync(matching, rooms) : base.DelSocketsAsync(matching, rooms)).ConfigureAwait(false);
            return;
        }
        if (request.GetString("sid") is not { } sid || request.GetString("room") is not { } room
            || !Namespace.Sockets.TryGetValue(sid, out var socket))
        {
            return;
        }
        if (join) socket.Join(room);
        else socket.Leave(room);
        if (requestId is not null) await TryPublishAsync(ResponseChannelFor(requester), JsonMessages.EmptyResponse(requestId)).ConfigureAwait(false);
    }

    private async Task ApplyDisconnectAsync(WireMessage request, string? requestId, string? requester)
    {
        var close = request.Get("close").ValueKind == JsonValueKind.True;
        var opts = request.Get("opts");
        if (opts.ValueKind == JsonValueKind.Object)
        {
            await base.DisconnectSocketsAsync(RoomList.ReadOptions(opts), close).ConfigureAwait(false);
            return;
        }
        if (request.GetString("sid") is not { } sid || !Namespace.Sockets.TryGetValue(sid, out var socket)) return;
        await socket.DisconnectAsync(close).ConfigureAwait(false);
        if (requestId is not null) await TryPublishAsync(ResponseChannelFor(requester), JsonMessages.EmptyResponse(requestId)).ConfigureAwait(false);
    }

    /// <summary>
    /// SERVER_SIDE_EMIT <c>{data: [event, ...args]}</c>; with a <c>requestId</c> the sender waits for one
    /// acknowledgement per server, sent to the shared response channel as Node does.
    /// </summary>
    private Task ReceiveServerSideEmitAsync(WireMessage request, string? requestId)
    {
        var data = request.Get("data");
        if (data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0 || data[0].ValueKind != JsonValueKind.String) return Task.CompletedTask;
        var args = new SocketIOArgs(data, 1, request.Attachments, Json);
        return Namespace.OnServerSideEmitReceivedAsync(data[0].GetString()!, args, requestId is null ? null : ServerSideAck(requestId));
    }

    private SocketAck ServerSideAck(string requestId)
    {
        var sent = 0;
        return args =>
        {
            if (Interlocked.Exchange(ref sent, 1) == 1) return Task.CompletedTask;
            var hasArgument = args is { Length: > 0 };
            var message = JsonMessages.ServerSideEmitResponse(requestId, hasArgument ? args![0] : null, hasArgument, Json);
            return TryPublishAsync(_channels.Response, message);
        };
    }

    /// <summary>
    /// BROADCAST (with acknowledgements) from another server: deliver locally, report how many clients were reached,
    /// then forward each client's acknowledgement.
    /// </summary>
    private Task ReceiveAckBroadcastAsync(WireMessage request, string requestId, string? requester)
    {
        if (!TryReadPacket(request.Get("packet"), request.Attachments, out var packet)) return Task.CompletedTask;
        var opts = RoomList.ReadOptions(request.Get("opts"));
        var channel = ResponseChannelFor(requester);
        return DeliverLocallyWithAckAsync(
            packet,
            opts,
            count => Observe(TryPublishAsync(channel, JsonMessages.BroadcastClientCount(requestId, count)), channel),
            reply => Observe(TryPublishAsync(channel, BroadcastMessages.BroadcastAck(requestId, FirstArgument(reply))), channel));
    }

    private static BroadcastMessages.EncodedData? FirstArgument(SocketIOArgs reply)
        => reply.Count == 0 ? null : new BroadcastMessages.EncodedData(reply.GetJson(0), reply.Attachments);
}
