using System.Text.Json;
using StackExchange.Redis;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Parsing;
using Tether.SocketIO.Redis.Internal;
using Tether.SocketIO.Redis.Internal.Recovery;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis;

/// <summary>
/// Connection state recovery across servers. When recovery applies to the namespace, each replayable broadcast
/// (non-volatile EVENT without acknowledgement) is appended to the shared stream <c>&lt;key&gt;-log#&lt;nsp&gt;#</c> and
/// published in the same Lua script; the entry id is its offset, appended as last argument on every server. A
/// disconnected socket's session is kept in <c>&lt;key&gt;-session#&lt;nsp&gt;#&lt;pid&gt;</c> for
/// <see cref="ConnectionStateRecoveryOptions.MaxDisconnectionDuration"/>, and whichever server the client comes back
/// to takes it (once) and replays the log entries after the client's offset that the socket's rooms would have
/// received.
/// </summary>
public sealed partial class RedisAdapter
{
    private const int LogReadBatch = 1000;

    private readonly object _appendGate = new();
    private readonly RestoreWindows? _restores;

    /// <summary>
    /// Appends to the log and publishes, then delivers locally with the offset the log gave — when the message comes
    /// back through this server's subscription (see <see cref="OnOwnLoggedEcho"/>), so local sockets receive it in
    /// log order among the other servers' broadcasts. Completes once delivered locally.
    /// </summary>
    private async Task BroadcastLoggedAsync(OutgoingPacket packet, BroadcastOptions opts)
    {
        var args = (object?[])packet.Data!;
        var (head, tail) = BroadcastMessages.LoggedBroadcast(Uid, Namespace.Name, Encode(packet), opts);
        // A broadcast to this server's sockets only is logged (a client may recover elsewhere) and published on this
        // server's own channel, which only it listens to.
        var channel = opts.Flags.Local ? _channels.LocalBroadcast : BroadcastChannelFor(opts);
        // Without the subscription (Redis was down when the namespace was created) nothing comes back: delivered at once.
        var echoed = Volatile.Read(ref _queues[0]) is not null;
        Task<RedisResult> appending;
        // Issued under the lock: commands reach Redis in call order, so the log holds them in call order.
        lock (_appendGate) appending = AppendAsync(head, tail, channel, opts.Flags.Local);
        string? offsetText = null;
        try
        {
            offsetText = (string?)await appending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            _connection.Failures.Record(ex, Namespace.Name);
        }
        if (!StreamOffset.TryParse(offsetText, out var offset))
        {
            // Redis unreachable: delivered here with an offset of this server's own log, so a client that saw it
            // recovers only here (and otherwise gets a fresh session) instead of silently missing packets.
            await base.BroadcastAsync(packet, opts).ConfigureAwait(false);
            return;
        }
        var data = new object?[args.Length + 1];
        args.CopyTo(data, 0);
        data[^1] = offsetText;
        var own = new OwnLoggedBroadcast(new OutgoingPacket(SocketIOPacketType.Event, Namespace.Name, data), opts, offsetText!, offset);
        if (!echoed)
        {
            DeliverOwn(own);
            return;
        }
        await AwaitEchoAsync(own).ConfigureAwait(false);
    }

    private Task<RedisResult> AppendAsync(byte[] head, byte[] tail, string channel, bool local)
    {
        var connecting = _connection.GetAsync();
        return connecting.IsCompletedSuccessfully ? Run(connecting.Result) : RunWhenConnectedAsync(connecting);

        Task<RedisResult> Run(ConnectionMultiplexer multiplexer) => multiplexer.GetDatabase().ScriptEvaluateAsync(
            RecoveryScripts.Append, [_channels.Log], [Namespace.Recovery!.MaxPacketsPerNamespace, channel, head, tail, local ? "1" : "0"]);

        async Task<RedisResult> RunWhenConnectedAsync(Task<ConnectionMultiplexer> pending) => await Run(await pending.ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// A logged broadcast as published (<c>[uid, packet, opts, offset]</c>, the offset also last in the data): the
    /// packet with the offset as a string, which the library uses to skip what a replay already covered. False for a
    /// broadcast that is not logged (a Node member's, an emitter's, or one from a server without recovery).
    /// </summary>
    private bool TryReadLogged(in WireMessage message, out OutgoingPacket packet, out BroadcastOptions opts, out string offsetText, out StreamOffset offset)
    {
        offsetText = "";
        offset = default;
        packet = null!;
        opts = null!;
        var root = message.Root;
        // Checked first: a classic three-element broadcast is left to the caller without decoding its data twice.
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() < 4 || root[3].ValueKind != JsonValueKind.String) return false;
        if (!TryReadBroadcast(message, out packet, out opts)) return false;
        var text = root[3].GetString()!;
        var data = (object?[])packet.Data!;
        if (data is not [.., JsonElement { ValueKind: JsonValueKind.String } last] || last.GetString() != text) return false;
        if (!StreamOffset.TryParse(text, out offset)) return false;
        data[^1] = text;
        offsetText = text;
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Kept in Redis for <see cref="ConnectionStateRecoveryOptions.MaxDisconnectionDuration"/> as JSON; data values
    /// come back as <see cref="JsonElement"/>. When Redis cannot take it (or a data value cannot be serialised), the
    /// session is kept in this server's memory instead (logged), so the client can still recover here.
    /// </remarks>
    public override async Task PersistSessionAsync(SessionToPersist session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (Namespace.Recovery is null) return;
        // No longer kept alive: this write is the socket's last (issued after the live ones, under the same lock).
        var live = EndLive(session.Sid, delete: false);
        try
        {
            var json = SessionCodec.Write(session, Namespace.Name, Uid, Json);
            var database = (await _connection.GetAsync().ConfigureAwait(false)).GetDatabase();
            Task<RedisResult> writing;
            lock (live ?? new object()) writing = WriteSessionAsync(database, session.Pid, json, live: false);
            // 0: another server restored the session meanwhile (this socket was a stale copy): nothing to keep.
            await writing.ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException or JsonException or NotSupportedException)
        {
            RedisLog.SessionNotPersisted(_logger, Namespace.Name, ex);
        }
        await base.PersistSessionAsync(session).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Takes the session from Redis (so it is restored once only, whichever server asks) and reads the log after
    /// <paramref name="offset"/>; null, and the client connects afresh, when the session expired or was taken, the
    /// offset left the log, or Redis is unreachable (logged). An offset that is not a log id was given by this
    /// server while Redis was unreachable: that session is looked up in this server's memory.
    /// </remarks>
    public override async Task<RecoveredSession?> RestoreSessionAsync(string pid, string offset)
    {
        ArgumentNullException.ThrowIfNull(pid);
        ArgumentNullException.ThrowIfNull(offset);
        if (Namespace.Recovery is null || _restores is null) return null;
        if (!StreamOffset.TryParse(offset, out var from)) return await base.RestoreSessionAsync(pid, offset).ConfigureAwait(false);

        // Opened before anything is read, so every logged broadcast this server delivers from now on is noted.
        var window = _restores.Open();
        try
        {
            var database = (await _connection.GetAsync().ConfigureAwait(false)).GetDatabase();
            var session = await TakeSessionAsync(database, pid, offset).ConfigureAwait(false);
            if (session is null)
            {
                _restores.Cancel(window);
                return null;
            }
            var (missed, lastRead) = await ReadMissedAsync(database, session, from).ConfigureAwait(false);
            _restores.Arm(window, session, lastRead, missed);
            return new RecoveredSession(session.Sid, session.Pid, session.Rooms, session.Data, missed);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            _restores.Cancel(window);
            RedisLog.RestoreFailed(_logger, Namespace.Name, ex);
            return null;
        }
    }

    private async Task<StoredSession?> TakeSessionAsync(IDatabase database, string pid, string offset)
    {
        var result = await database.ScriptEvaluateAsync(RecoveryScripts.TakeSession, [_channels.Session(pid), _channels.Log], [offset, Uid, _channels.Response])
            .ConfigureAwait(false);
        if (result.IsNull || result.Resp2Type != ResultType.Array) return null;
        var parts = (RedisResult[])result!;
        if (parts.Length < 2) return null;
        var session = SessionCodec.Read(((byte[])parts[0]!).AsSpan());
        if (session is null || session.Pid != pid || session.Nsp != Namespace.Name) return null;
        if ((long)parts[1] != 1)
        {
            RedisLog.OffsetNotInLog(_logger, Namespace.Name);
            return null;
        }
        return session;
    }

    /// <summary>The logged broadcasts after <paramref name="from"/> that the session missed, oldest first, and the last id read.</summary>
    private async Task<(List<object?[]> Missed, StreamOffset LastRead)> ReadMissedAsync(IDatabase database, StoredSession session, StreamOffset from)
    {
        var missed = new List<object?[]>();
        var last = from;
        // The log holds about MaxPacketsPerNamespace entries (approximate trimming may keep a few more): enough
        // batches to read it whole; what is added meanwhile is also caught by the restore window.
        var batches = Namespace.Recovery!.MaxPacketsPerNamespace / LogReadBatch + 4;
        for (var i = 0; i < batches; i++)
        {
            var entries = await database.StreamRangeAsync(_channels.Log, last.Next().ToString(), "+", LogReadBatch).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                var id = entry.Id.ToString();
                if (!StreamOffset.TryParse(id, out var offset)) continue;
                last = offset;
                if (ReadEntry(entry, id) is not { } logged) continue;
                if (RecoveryFilter.ShouldReplay(session, logged.Opts, logged.OriginUid, logged.Local)) missed.Add(logged.Data);
            }
            if (entries.Length < LogReadBatch) break;
        }
        return (missed, last);
    }

    private (object?[] Data, BroadcastOptions Opts, string OriginUid, bool Local)? ReadEntry(StreamEntry entry, string id)
    {
        var head = entry["h"];
        var tail = entry["t"];
        if (head.IsNull || tail.IsNull) return null;
        try
        {
            var message = MsgPackToJson.Decode(BroadcastMessages.JoinLogged((byte[])head!, (byte[])tail!, id));
            if (!TryReadLogged(message, out var packet, out var opts, out _, out _)) return null;
            return ((object?[])packet.Data!, opts, message.Root[0].GetString() ?? "", !entry["l"].IsNull);
        }
        catch (FormatException ex)
        {
            RedisLog.MalformedMessage(_logger, _channels.Log, ex);
            return null;
        }
    }

    /// <summary>Joins as the in-memory adapter does; a socket being restored finishes its restore window once back in all its rooms.</summary>
    public override void AddAll(string sid, IEnumerable<string> rooms)
    {
        base.AddAll(sid, rooms);
        if (_restores is { Any: true } restores && restores.Complete(sid, SocketRooms(sid)))
            RedisLog.RestoreWindowOverflowed(_logger, Namespace.Name, sid);
        RoomsChanged(sid);
    }

    /// <summary>Leaves as the in-memory adapter does; a live socket's session is rewritten with its rooms.</summary>
    public override void Del(string sid, string room)
    {
        base.Del(sid, room);
        RoomsChanged(sid);
    }

    /// <summary>
    /// Leaves every room as the in-memory adapter does. The socket disconnects: had it left for a recoverable reason,
    /// its session was persisted just before; otherwise its client left on purpose and its live session is deleted.
    /// </summary>
    public override void DelAll(string sid)
    {
        EndLive(sid, delete: true);
        base.DelAll(sid);
    }

    private string BroadcastChannelFor(BroadcastOptions opts)
        => opts.Rooms.Count == 1 ? _channels.ForRoom(opts.Rooms.First()) : _channels.Broadcast;
}
