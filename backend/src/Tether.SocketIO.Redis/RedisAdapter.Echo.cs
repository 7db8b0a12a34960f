using Tether.SocketIO.Adapters;
using Tether.SocketIO.Parsing;
using Tether.SocketIO.Redis.Internal;
using Tether.SocketIO.Redis.Internal.Recovery;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis;

/// <summary>
/// Local delivery of this server's own logged broadcasts in log order. The append script publishes in the same step
/// as it appends, so the broadcast subscription hears every server's logged broadcasts — this server's included — in
/// the order of the log. Delivering this server's own ones when they come back (rather than when the script answers)
/// means a client never sees a newer offset before an older one, so its last offset is always the newest packet it
/// has: a recovery then replays exactly what it missed (no duplicate, no loss).
/// </summary>
/// <remarks>
/// The sender waits for its broadcast to come back (pending by offset) and the echo delivers the sender's own packet
/// (not decoded again). Should the echo beat the script's answer, it is decoded and delivered then, and the sender
/// finds it done. Should it not come back within <see cref="RedisAdapterOptions.RequestsTimeout"/> (the subscription
/// lost meanwhile), the sender delivers it itself and a late echo is ignored.
/// </remarks>
public sealed partial class RedisAdapter
{
    private static readonly object s_deliveredByEcho = new();
    private static readonly object s_deliveredBySender = new();
    private const int MaxEchoEntries = 65_536;

    private readonly object _echoGate = new();
    // offset -> the sender's pending broadcast, or a marker: delivered by an echo that came first / by the sender.
    private readonly Dictionary<string, object> _echoes = new(StringComparer.Ordinal);

    private sealed class OwnLoggedBroadcast(OutgoingPacket packet, BroadcastOptions opts, string offsetText, StreamOffset offset)
    {
        public OutgoingPacket Packet { get; } = packet;
        public BroadcastOptions Opts { get; } = opts;
        public string OffsetText { get; } = offsetText;
        public StreamOffset Offset { get; } = offset;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The number of own logged broadcasts waiting for their echo, plus markers (for tests).</summary>
    internal int PendingEchoCount
    {
        get
        {
            lock (_echoGate) return _echoes.Count;
        }
    }

    private async Task AwaitEchoAsync(OwnLoggedBroadcast own)
    {
        lock (_echoGate)
        {
            // Came back before the script answered: delivered then.
            if (_echoes.Remove(own.OffsetText)) return;
            _echoes[own.OffsetText] = own;
        }
        try
        {
            await own.Done.Task.WaitAsync(_options.RequestsTimeout, Time).ConfigureAwait(false);
            return;
        }
        catch (TimeoutException)
        {
        }
        bool mine;
        lock (_echoGate)
        {
            mine = _echoes.TryGetValue(own.OffsetText, out var current) && ReferenceEquals(current, own);
            if (mine)
            {
                _echoes[own.OffsetText] = s_deliveredBySender;
                PruneMarkers();
            }
        }
        if (mine)
        {
            // Lost on the way back (subscription interrupted): delivered now, possibly out of log order.
            DeliverOwn(own);
            return;
        }
        await own.Done.Task.ConfigureAwait(false); // the echo took it just now
    }

    /// <summary>
    /// A logged broadcast of this server's own came back through the subscription (<paramref name="payload"/>: the
    /// published message; <paramref name="local"/>: it was for this server's sockets only).
    /// </summary>
    private void OnOwnLoggedEcho(ReadOnlyMemory<byte> payload, bool local, string channel)
    {
        if (!BroadcastMessages.TryReadTrailingOffset(payload.Span, out var offsetText)) return;
        OwnLoggedBroadcast? own = null;
        lock (_echoGate)
        {
            if (_echoes.Remove(offsetText, out var pending))
            {
                own = pending as OwnLoggedBroadcast;
                if (own is null) return; // delivered by the sender already
            }
            else
            {
                _echoes[offsetText] = s_deliveredByEcho;
                PruneMarkers();
            }
        }
        if (own is not null)
        {
            try
            {
                DeliverOwn(own);
            }
            finally
            {
                own.Done.TrySetResult();
            }
            return;
        }
        // Before the script's answer: decoded and delivered now, in log order.
        if (_channels.RoomOf(channel) is { } room && !local && !HasRoom(room) && _restores is not { Any: true }) return;
        var decoded = MsgPackToJson.Decode(payload);
        if (!TryReadLogged(decoded, out var packet, out var opts, out var text, out var offset)) return;
        var noted = _restores?.Note(offset, (object?[])packet.Data!, opts, Uid, local);
        try
        {
            DeliverLocally(packet, opts, text);
        }
        finally
        {
            noted?.MarkDelivered();
        }
    }

    /// <summary>Delivers this server's own logged broadcast to its sockets, noted for a restore under way.</summary>
    private void DeliverOwn(OwnLoggedBroadcast own)
    {
        var noted = _restores?.Note(own.Offset, (object?[])own.Packet.Data!, own.Opts, Uid, own.Opts.Flags.Local);
        try
        {
            DeliverLocally(own.Packet, own.Opts, own.OffsetText);
        }
        finally
        {
            // Only while a restore is under way: its completion waits for this delivery (see RestoreWindows).
            noted?.MarkDelivered();
        }
    }

    /// <summary>Drops the markers when too many piled up (echoes that never came, senders that gave up); under the lock.</summary>
    private void PruneMarkers()
    {
        if (_echoes.Count <= MaxEchoEntries) return;
        foreach (var (offset, value) in _echoes)
            if (value is not OwnLoggedBroadcast) _echoes.Remove(offset);
    }
}
