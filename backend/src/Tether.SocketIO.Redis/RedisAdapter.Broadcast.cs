using Tether.SocketIO.Adapters;
using Tether.SocketIO.Parsing;
using Tether.SocketIO.Redis.Internal;
using Tether.SocketIO.Redis.Internal.Requests;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis;

public sealed partial class RedisAdapter
{
    /// <summary>
    /// Publishes the packet for the other servers (serialised to msgpack once, on the room's own channel when it
    /// targets exactly one room, as Node does) and delivers it to the local sockets (encoded once for all of them).
    /// A publish that fails is counted and logged; local delivery happens regardless. With connection state recovery,
    /// a replayable broadcast is logged in Redis first (see <see cref="BroadcastLoggedAsync"/>).
    /// </summary>
    internal override async Task BroadcastAsync(OutgoingPacket packet, BroadcastOptions opts)
    {
        if (IsLoggedForRecovery(packet, opts))
        {
            await BroadcastLoggedAsync(packet, opts).ConfigureAwait(false);
            return;
        }
        if (opts.Flags.Local)
        {
            await base.BroadcastAsync(packet, opts).ConfigureAwait(false);
            return;
        }
        var message = BroadcastMessages.Broadcast(Uid, Namespace.Name, Encode(packet), opts);
        var publishing = TryPublishAsync(BroadcastChannelFor(opts), message);
        await base.BroadcastAsync(packet, opts).ConfigureAwait(false);
        await publishing.ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes a BROADCAST request so the other servers deliver the packet with an ack id and report their client
    /// counts and replies to this server, then delivers locally. The library's collector counts the servers with
    /// <see cref="ServerCountAsync"/> and applies the timeout.
    /// </summary>
    internal override async Task BroadcastWithAckAsync(
        OutgoingPacket packet, BroadcastOptions opts, Action<int> clientCountCallback, Action<SocketIOArgs> ackCallback)
    {
        if (!opts.Flags.Local)
        {
            var requestId = RequestIds.New();
            _requests.Add(requestId, new AckBroadcastRequest(clientCountCallback, ackCallback, Json));
            ForgetAfter(requestId, opts.Flags.Timeout ?? _options.RequestsTimeout);
            var message = BroadcastMessages.BroadcastRequest(Uid, requestId, Namespace.Name, Encode(packet), opts);
            if (!await TryPublishAsync(_channels.Request, message).ConfigureAwait(false)) _requests.Remove(requestId);
        }
        await base.BroadcastWithAckAsync(packet, opts, clientCountCallback, ackCallback).ConfigureAwait(false);
    }

    /// <summary>The packet's arguments (event name first) serialised once, bytes as attachments.</summary>
    private BroadcastMessages.EncodedData Encode(OutgoingPacket packet)
    {
        var (json, attachments) = PacketData.Serialize(packet.Data ?? Array.Empty<object?>(), Json);
        return new BroadcastMessages.EncodedData(json, attachments);
    }

    /// <summary>
    /// Acknowledgements arriving after the broadcast's timeout have nobody left to collect them (as in Node, the
    /// request is simply dropped then).
    /// </summary>
    private void ForgetAfter(string requestId, TimeSpan delay)
    {
        if (delay == Timeout.InfiniteTimeSpan) return;
        _ = Task.Delay(delay, Time).ContinueWith(
            static (_, state) =>
            {
                var (requests, id) = ((PendingRequests, string))state!;
                requests.Remove(id);
            },
            (_requests, requestId),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
