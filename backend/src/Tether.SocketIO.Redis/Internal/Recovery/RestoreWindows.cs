using Tether.SocketIO.Adapters;

namespace Tether.SocketIO.Redis.Internal.Recovery;

/// <summary>
/// Closes the gap between reading a session's missed packets from the log and the socket being back in its rooms
/// (the namespace middleware runs in between, and may take its time): while a restore is under way, every logged
/// broadcast this server delivers is also noted here; when the restored socket joins its rooms, the ones it would
/// have received and the log read did not cover are added to its missed packets. Broadcasts delivered after that
/// reach the socket itself (the library holds them until the replay and skips the ones the replay covered).
/// </summary>
/// <remarks>
/// Costs nothing while no restore is under way (one volatile read per broadcast). A window that is never completed
/// (the middleware refused the socket, or its connection closed) expires after <c>lifetime</c>.
/// </remarks>
internal sealed class RestoreWindows(TimeProvider time, TimeSpan lifetime, int maxPackets)
{
    private readonly object _gate = new();
    private readonly List<Window> _open = [];
    private int _count;

    /// <summary>Whether a restore is under way (broadcasts must then be noted, and not skipped undecoded).</summary>
    public bool Any => Volatile.Read(ref _count) > 0;

    /// <summary>Starts noting broadcasts, before the log is read.</summary>
    public Window Open()
    {
        var window = new Window(time.GetTimestamp());
        lock (_gate)
        {
            PruneExpired_NoLock();
            _open.Add(window);
            Volatile.Write(ref _count, _open.Count);
        }
        return window;
    }

    /// <summary>Stops noting for a restore that found nothing to restore.</summary>
    public void Cancel(Window window)
    {
        lock (_gate)
        {
            _open.Remove(window);
            Volatile.Write(ref _count, _open.Count);
        }
    }

    /// <summary>
    /// Names the socket being restored, its rooms, where its log read ended and the list its missed packets are in,
    /// so <see cref="Complete"/> can finish it.
    /// </summary>
    public void Arm(Window window, StoredSession session, StreamOffset lastRead, List<object?[]> missed)
    {
        lock (_gate)
        {
            window.Session = session;
            window.LastRead = lastRead;
            window.Missed = missed;
        }
    }

    /// <summary>Notes a logged broadcast about to be delivered here (call before delivering it).</summary>
    public void Note(StreamOffset offset, object?[] data, BroadcastOptions opts, string originUid, bool local)
    {
        if (!Any) return;
        var packet = new NotedPacket(offset, data, opts, originUid, local);
        lock (_gate)
        {
            PruneExpired_NoLock();
            foreach (var window in _open)
            {
                if (window.Noted.Count < maxPackets) window.Noted.Add(packet);
                else window.Overflowed = true;
            }
        }
    }

    /// <summary>
    /// Called after <paramref name="sid"/> joined rooms: once it is in all of its restored rooms, ends its window and
    /// adds the noted broadcasts it missed (oldest first, none twice, none the log read already returned) to its
    /// missed packets. Any broadcast noted later than this reaches the socket through its rooms.
    /// </summary>
    /// <returns>Whether packets were lost because the window overflowed (to be logged).</returns>
    public bool Complete(string sid, IReadOnlySet<string>? socketRooms)
    {
        Window? done = null;
        lock (_gate)
        {
            foreach (var window in _open)
            {
                if (window.Session is not { } session || session.Sid != sid) continue;
                if (socketRooms is null || !session.Rooms.All(socketRooms.Contains)) return false; // more rooms to come
                done = window;
                break;
            }
            if (done is null) return false;
            _open.Remove(done);
            Volatile.Write(ref _count, _open.Count);
        }

        var restored = done.Session!;
        var seen = new HashSet<StreamOffset>();
        foreach (var packet in done.Noted.OrderBy(p => p.Offset))
        {
            if (!(packet.Offset > done.LastRead) || !seen.Add(packet.Offset)) continue;
            if (!RecoveryFilter.ShouldReplay(restored, packet.Opts, packet.OriginUid, packet.Local)) continue;
            done.Missed!.Add(packet.Data);
        }
        return done.Overflowed;
    }

    private void PruneExpired_NoLock()
    {
        if (_open.Count == 0) return;
        var now = time.GetTimestamp();
        if (_open.RemoveAll(w => time.GetElapsedTime(w.OpenedAt, now) > lifetime) > 0) Volatile.Write(ref _count, _open.Count);
    }

    internal sealed class Window(long openedAt)
    {
        public long OpenedAt { get; } = openedAt;
        public List<NotedPacket> Noted { get; } = [];
        public bool Overflowed { get; set; }
        public StoredSession? Session { get; set; }
        public StreamOffset LastRead { get; set; }
        public List<object?[]>? Missed { get; set; }
    }

    internal sealed record NotedPacket(StreamOffset Offset, object?[] Data, BroadcastOptions Opts, string OriginUid, bool Local);
}
