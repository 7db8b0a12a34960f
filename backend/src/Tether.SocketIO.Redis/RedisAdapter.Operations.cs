using System.Text.Json;
using StackExchange.Redis;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Redis.Internal;
using Tether.SocketIO.Redis.Internal.Requests;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis;

public sealed partial class RedisAdapter
{
    /// <summary>
    /// The matching sockets of every server: this server's at once, the others' through a REMOTE_FETCH request
    /// answered by each of them.
    /// </summary>
    /// <exception cref="RedisRequestTimeoutException">A server did not answer within <see cref="RedisAdapterOptions.RequestsTimeout"/>.</exception>
    public override async Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(BroadcastOptions opts)
    {
        var local = await base.FetchSocketsAsync(opts).ConfigureAwait(false);
        if (opts.Flags.Local) return local;
        var servers = await GetServerCountAsync().ConfigureAwait(false);
        if (servers <= 1) return local;
        var requestId = RequestIds.New();
        var request = new CollectingRequest<RemoteSocket>(servers - 1, ReadSockets);
        var remote = await _requests.RunAsync(
            requestId, request, () => PublishAsync("fetchSockets", _channels.Request, JsonMessages.FetchRequest(Uid, requestId, opts)),
            "fetchSockets", Namespace.Name, _options.RequestsTimeout, Time).ConfigureAwait(false);
        return [.. local, .. remote];
    }

    /// <summary>Every room with a member on any server.</summary>
    /// <exception cref="RedisRequestTimeoutException">A server did not answer within <see cref="RedisAdapterOptions.RequestsTimeout"/>.</exception>
    public override async ValueTask<IReadOnlySet<string>> AllRoomsAsync()
    {
        var local = await base.AllRoomsAsync().ConfigureAwait(false);
        var servers = await GetServerCountAsync().ConfigureAwait(false);
        if (servers <= 1) return local;
        var requestId = RequestIds.New();
        var request = new CollectingRequest<string>(servers - 1, static r => RoomList.Read(r.Get("rooms")));
        var remote = await _requests.RunAsync(
            requestId, request, () => PublishAsync("allRooms", _channels.Request, JsonMessages.AllRoomsRequest(Uid, requestId)),
            "allRooms", Namespace.Name, _options.RequestsTimeout, Time).ConfigureAwait(false);
        var all = new HashSet<string>(local, StringComparer.Ordinal);
        all.UnionWith(remote);
        return all;
    }

    /// <summary>Joins the matching sockets here, and asks the other servers to do the same (Node expects no answer).</summary>
    public override async Task AddSocketsAsync(BroadcastOptions opts, string[] rooms)
    {
        await base.AddSocketsAsync(opts, rooms).ConfigureAwait(false);
        if (!opts.Flags.Local)
            await PublishAsync("socketsJoin", _channels.Request, JsonMessages.RoomsRequest(Uid, RequestType.RemoteJoin, opts, rooms)).ConfigureAwait(false);
    }

    /// <summary>Makes the matching sockets leave here, and asks the other servers to do the same.</summary>
    public override async Task DelSocketsAsync(BroadcastOptions opts, string[] rooms)
    {
        await base.DelSocketsAsync(opts, rooms).ConfigureAwait(false);
        if (!opts.Flags.Local)
            await PublishAsync("socketsLeave", _channels.Request, JsonMessages.RoomsRequest(Uid, RequestType.RemoteLeave, opts, rooms)).ConfigureAwait(false);
    }

    /// <summary>Disconnects the matching sockets here, and asks the other servers to do the same.</summary>
    public override async Task DisconnectSocketsAsync(BroadcastOptions opts, bool close)
    {
        await base.DisconnectSocketsAsync(opts, close).ConfigureAwait(false);
        if (!opts.Flags.Local)
            await PublishAsync("disconnectSockets", _channels.Request, JsonMessages.DisconnectRequest(Uid, opts, close)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task ServerSideEmitAsync(object?[] packet)
        => PublishAsync("serverSideEmit", _channels.Request, JsonMessages.ServerSideEmitRequest(Uid, null, packet, Json));

    /// <summary>
    /// Sends a server-side emit and collects one acknowledgement (its first argument, as in Node) per other server.
    /// </summary>
    /// <exception cref="SocketIOAckTimeoutException">Not every server answered within <paramref name="timeout"/>; carries the answers that came.</exception>
    public override async Task<IReadOnlyList<SocketIOArgs>> ServerSideEmitWithAckAsync(object?[] packet, TimeSpan timeout)
    {
        var others = await GetServerCountAsync().ConfigureAwait(false) - 1;
        if (others <= 0) return [];
        var requestId = RequestIds.New();
        var request = new CollectingRequest<SocketIOArgs>(others, ReadServerSideAck);
        try
        {
            return await _requests.RunAsync(
                requestId, request, () => PublishAsync("serverSideEmit", _channels.Request, JsonMessages.ServerSideEmitRequest(Uid, requestId, packet, Json)),
                "serverSideEmit", Namespace.Name, timeout, Time).ConfigureAwait(false);
        }
        catch (RedisRequestTimeoutException ex)
        {
            throw new SocketIOAckTimeoutException(ex.Message, request.Snapshot());
        }
    }

    /// <summary>
    /// The number of servers in the cluster (PUBSUB NUMSUB of the request channel). When Redis cannot be asked, this
    /// server counts as alone, so an acknowledged broadcast still completes with the local replies.
    /// </summary>
    public override async Task<int> ServerCountAsync()
    {
        try
        {
            return Math.Max(1, await GetServerCountAsync().ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            RedisLog.ServerCountFailed(_logger, Namespace.Name, ex);
            return 1;
        }
    }

    private IEnumerable<RemoteSocket>? ReadSockets(WireMessage response)
    {
        var sockets = response.Get("sockets");
        if (sockets.ValueKind != JsonValueKind.Array) return null;
        var result = new List<RemoteSocket>(sockets.GetArrayLength());
        foreach (var item in sockets.EnumerateArray())
        {
            if (RemoteSocketCodec.Read(item, Namespace, Json) is { } socket) result.Add(socket);
        }
        return result;
    }

    private IEnumerable<SocketIOArgs> ReadServerSideAck(WireMessage response)
    {
        var data = response.Get("data");
        return [data.ValueKind == JsonValueKind.Undefined ? SocketIOArgs.Empty : PacketData.ToArgs([PacketDataValue(data, response)], Json)];
    }

    private static object? PacketDataValue(JsonElement value, in WireMessage message)
        => Tether.SocketIO.Parsing.PlaceholderNodes.ToValue(value, message.Attachments);
}
