using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace Tether.SocketIO.Adapters;

/// <summary>
/// The in-memory adapter's connection state recovery: the log of replayable packets (bounded by count and age) and
/// the sessions of disconnected sockets (bounded by count and age), as Node's <c>SessionAwareAdapter</c> keeps them.
/// </summary>
/// <remarks>
/// One lock guards both; it is held for an append (a few field writes) or a restore (one scan of the log), never while
/// sending. Expired entries are dropped as the log and the session table are used rather than by a timer, so an idle
/// namespace costs nothing; their size limits bound the memory either way.
/// </remarks>
internal sealed class RecoveryStore
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxAge;
    private readonly int _maxPackets;
    private readonly int _maxSessions;

    // Offsets are "<prefix><sequence>": the random prefix makes offsets of another process (or of this namespace before
    // a restart) never match, and the sequence finds a packet without a search.
    private readonly string _prefix;

    // A ring of the logged packets, oldest first; _firstSeq is the sequence of the oldest.
    private LoggedPacket[] _ring;
    private int _start;
    private int _count;
    private long _firstSeq;

    private readonly Dictionary<string, StoredSession> _sessions = new(StringComparer.Ordinal);
    private readonly Queue<StoredSession> _sessionOrder = new();

    // Restores whose socket is not back in its rooms yet; while there are any, appended packets are tracked until
    // delivered (see CatchUp).
    private int _pendingRestores;

    public RecoveryStore(ConnectionStateRecoveryOptions options, TimeProvider time)
    {
        _time = time;
        _maxAge = options.MaxDisconnectionDuration;
        _maxPackets = Math.Max(1, options.MaxPacketsPerNamespace);
        _maxSessions = Math.Max(1, options.MaxSessionsPerNamespace);
        _ring = new LoggedPacket[Math.Min(16, _maxPackets)];
        Span<byte> random = stackalloc byte[6];
        RandomNumberGenerator.Fill(random);
        _prefix = Base64Url.EncodeToString(random) + "-";
    }

    /// <summary>The number of packets kept (tests and diagnostics).</summary>
    public int PacketCount
    {
        get { lock (_gate) return _count; }
    }

    /// <summary>The number of sessions kept (tests and diagnostics).</summary>
    public int SessionCount
    {
        get { lock (_gate) return _sessions.Count; }
    }

    /// <summary>The number of restores whose socket is not back in its rooms yet (tests and diagnostics).</summary>
    public int PendingRestoreCount
    {
        get { lock (_gate) return _pendingRestores; }
    }

    /// <summary>
    /// Logs an EVENT for replay: returns its arguments (event name first) with the new offset appended, the very
    /// array that is kept, so what is sent now and what is replayed later are the same. While a restore is pending,
    /// <paramref name="tracked"/> is the entry, to be marked delivered (<see cref="LoggedPacket.MarkDelivered"/>) once
    /// its local delivery is done; null otherwise.
    /// </summary>
    public object?[] Append(BroadcastOptions opts, object?[] args, out string offset, out LoggedPacket? tracked)
    {
        var now = _time.GetTimestamp();
        var rooms = opts.Rooms.Count == 0 ? [] : opts.Rooms.ToArray();
        var except = opts.Except.Count == 0 ? [] : opts.Except.ToArray();
        lock (_gate)
        {
            EvictExpiredPackets_NoLock(now);
            var seq = _firstSeq + _count;
            offset = _prefix + seq.ToString(CultureInfo.InvariantCulture);
            var data = new object?[args.Length + 1];
            args.CopyTo(data, 0);
            data[^1] = offset;
            var packet = new LoggedPacket(offset, now, rooms, except, data);
            tracked = null;
            if (_pendingRestores > 0)
            {
                packet.Delivering = true;
                tracked = packet;
            }
            Add_NoLock(packet);
            return data;
        }
    }

    /// <summary>Keeps a disconnected socket's session (replacing an older one with the same private id).</summary>
    public void Persist(SessionToPersist session)
    {
        var now = _time.GetTimestamp();
        var stored = new StoredSession(session, now);
        lock (_gate)
        {
            EvictExpiredSessions_NoLock(now);
            _sessions[session.Pid] = stored;
            _sessionOrder.Enqueue(stored);
            // The order queue also holds entries replaced or restored since; they are dropped here too.
            while ((_sessions.Count > _maxSessions || _sessionOrder.Count > 2 * _maxSessions) && _sessionOrder.TryDequeue(out var oldest))
                RemoveIfCurrent_NoLock(oldest);
        }
    }

    /// <summary>
    /// Takes the session <paramref name="pid"/> and the packets after <paramref name="offset"/> that its rooms would
    /// have received, oldest first. Null when the session is unknown or expired, or the offset is not in the log any
    /// more (too old, or from elsewhere): the client then connects afresh.
    /// </summary>
    public RecoveredSession? Restore(string pid, string offset)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_sessions.TryGetValue(pid, out var stored)) return null;
            // Taken, not just read: two connections must never restore the same socket id.
            _sessions.Remove(pid);
            if (_time.GetElapsedTime(stored.DisconnectedAt, now) > _maxAge) return null;
            EvictExpiredPackets_NoLock(now);
            if (!TryGetIndex_NoLock(offset, out var index)) return null;

            var session = stored.Session;
            var missed = new List<object?[]>();
            for (var i = index + 1; i < _count; i++)
            {
                var packet = Get_NoLock(i);
                if (ShouldInclude(session.Rooms, packet)) missed.Add(packet.Data);
            }
            _pendingRestores++;
            return new RecoveredSession(session.Sid, session.Pid, session.Rooms, session.Data, missed)
            {
                PendingRestore = new PendingRestore(this, _firstSeq + _count - 1),
            };
        }
    }

    /// <summary>
    /// Ends <paramref name="restore"/> once its socket is back in its rooms: adds to <paramref name="missed"/> the
    /// packets logged since the restore that <paramref name="rooms"/> would have received (they could not reach the
    /// socket), oldest first. Returns false when the log dropped some entries logged since (so some may be lost).
    /// </summary>
    /// <remarks>
    /// Waits for those of them still being delivered (by other threads; a local delivery is synchronous and short):
    /// one that reaches the socket then does so while it still holds broadcasts back, and its replay skips the
    /// duplicate, instead of arriving again after the replay.
    /// </remarks>
    public bool CatchUp(PendingRestore restore, IReadOnlyCollection<string> rooms, List<object?[]> missed)
    {
        List<LoggedPacket>? delivering = null;
        lock (_gate)
        {
            if (!End_NoLock(restore)) return true;
            var next = restore.Sequence + 1 - _firstSeq;
            if (next < 0) return false;
            for (var i = (int)Math.Min(next, _count); i < _count; i++)
            {
                var packet = Get_NoLock(i);
                if (!ShouldInclude(rooms, packet)) continue;
                missed.Add(packet.Data);
                if (packet.Delivering) (delivering ??= []).Add(packet);
            }
        }
        foreach (var packet in delivering ?? [])
            SpinWait.SpinUntil(() => !packet.Delivering, TimeSpan.FromSeconds(1));
        return true;
    }

    /// <summary>Ends <paramref name="restore"/> whose socket did not connect (refused, closed); no-op if ended already.</summary>
    public void Abandon(PendingRestore restore)
    {
        lock (_gate) End_NoLock(restore);
    }

    private bool End_NoLock(PendingRestore restore)
    {
        if (restore.Ended) return false;
        restore.Ended = true;
        _pendingRestores--;
        return true;
    }

    // Node's shouldIncludePacket: to everyone or to one of the session's rooms, and to none of its excepted rooms.
    private static bool ShouldInclude(IReadOnlyCollection<string> sessionRooms, LoggedPacket packet)
    {
        var included = packet.Rooms.Length == 0;
        foreach (var room in sessionRooms)
        {
            if (Array.IndexOf(packet.Except, room) >= 0) return false;
            if (!included && Array.IndexOf(packet.Rooms, room) >= 0) included = true;
        }
        return included;
    }

    private bool TryGetIndex_NoLock(string offset, out int index)
    {
        index = -1;
        if (!offset.StartsWith(_prefix, StringComparison.Ordinal)) return false;
        if (!long.TryParse(offset.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) return false;
        var relative = seq - _firstSeq;
        if (relative < 0 || relative >= _count) return false;
        index = (int)relative;
        return Get_NoLock(index).Offset == offset; // rejects non-canonical spellings such as leading zeros
    }

    private LoggedPacket Get_NoLock(int index) => _ring[(_start + index) % _ring.Length];

    private void Add_NoLock(LoggedPacket packet)
    {
        if (_count >= _maxPackets)
        {
            DropOldest_NoLock();
        }
        else if (_count == _ring.Length)
        {
            var bigger = new LoggedPacket[Math.Min(_ring.Length * 2, _maxPackets)];
            for (var i = 0; i < _count; i++) bigger[i] = Get_NoLock(i);
            _ring = bigger;
            _start = 0;
        }
        _ring[(_start + _count) % _ring.Length] = packet;
        _count++;
    }

    private void DropOldest_NoLock()
    {
        _ring[_start] = null!;
        _start = (_start + 1) % _ring.Length;
        _count--;
        _firstSeq++;
    }

    private void EvictExpiredPackets_NoLock(long now)
    {
        while (_count > 0 && _time.GetElapsedTime(Get_NoLock(0).EmittedAt, now) > _maxAge) DropOldest_NoLock();
    }

    private void EvictExpiredSessions_NoLock(long now)
    {
        while (_sessionOrder.TryPeek(out var oldest) && _time.GetElapsedTime(oldest.DisconnectedAt, now) > _maxAge)
            RemoveIfCurrent_NoLock(_sessionOrder.Dequeue());
    }

    // The queue may hold sessions that were replaced or restored since: only remove the table's current entry.
    private void RemoveIfCurrent_NoLock(StoredSession stored)
    {
        if (_sessions.TryGetValue(stored.Session.Pid, out var current) && ReferenceEquals(current, stored))
            _sessions.Remove(stored.Session.Pid);
    }

    /// <summary>A logged packet.</summary>
    internal sealed record LoggedPacket(string Offset, long EmittedAt, string[] Rooms, string[] Except, object?[] Data)
    {
        private volatile bool _delivering;

        /// <summary>Set on a packet logged while a restore is pending, until its local delivery is done.</summary>
        internal bool Delivering
        {
            get => _delivering;
            set => _delivering = value;
        }

        /// <summary>Called when the local delivery of a tracked packet is done.</summary>
        public void MarkDelivered() => _delivering = false;
    }

    /// <summary>
    /// A restore whose socket is not back in its rooms yet: where the log stood when its missed packets were
    /// computed. Ended once (<see cref="CatchUp"/> or <see cref="Abandon"/>).
    /// </summary>
    internal sealed class PendingRestore(RecoveryStore store, long sequence)
    {
        /// <summary>The store it belongs to.</summary>
        public RecoveryStore Store { get; } = store;

        /// <summary>The sequence of the newest log entry the missed packets were computed up to.</summary>
        public long Sequence { get; } = sequence;

        /// <summary>Guarded by the store's lock.</summary>
        public bool Ended { get; set; }
    }

    private sealed record StoredSession(SessionToPersist Session, long DisconnectedAt);
}
