using System.Diagnostics;
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
/// <para>
/// A broadcast is noted before it is delivered, so one noted just before the window completes (and so replayed) may
/// still be on its way to the socket, on another thread, when the replay goes out; arriving after it, it would arrive
/// twice (the socket skips duplicates only while it holds broadcasts back, until the replay). So a noted broadcast is
/// marked as being delivered until its local delivery is done (<see cref="NotedPacket.MarkDelivered"/>), and the
/// completion waits for those the socket would receive: they reach it while it still holds broadcasts back.
/// </para>
/// <para>
/// Costs nothing while no restore is under way (one volatile read per broadcast). A window that is never completed
/// (the middleware refused the socket, or its connection closed) expires after <c>lifetime</c>.
/// </para>
/// </remarks>
internal sealed class RestoreWindows(TimeProvider time, TimeSpan lifetime, int maxPackets)
{
    // How long a completion waits at most for noted broadcasts still being delivered (a local delivery is synchronous
    // and short: this only bounds a stalled thread).
    private static readonly TimeSpan s_deliveryWait = TimeSpan.FromSeconds(1);

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

    /// <summary>
    /// Notes a logged broadcast about to be delivered here (call before delivering it). While a restore is under way,
    /// returns the noted entry, to be marked delivered (<see cref="NotedPacket.MarkDelivered"/>) once the local
    /// delivery is done, failed or not; null otherwise.
    /// </summary>
    public NotedPacket? Note(StreamOffset offset, object?[] data, BroadcastOptions opts, string originUid, bool local)
    {
        if (!Any) return null;
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
        return packet;
    }

    /// <summary>
    /// Called after <paramref name="sid"/> joined rooms: once it is in all of its restored rooms, ends its window and
    /// adds the noted broadcasts it missed (oldest first, none twice, none the log read already returned) to its
    /// missed packets. Any broadcast noted later than this reaches the socket through its rooms. Waits (briefly) for
    /// the local delivery of the noted broadcasts the socket would receive, so none of them reaches it after its replay.
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
        List<NotedPacket>? delivering = null;
        foreach (var packet in done.Noted.OrderBy(p => p.Offset))
        {
            if (!RecoveryFilter.ShouldReplay(restored, packet.Opts, packet.OriginUid, packet.Local)) continue;
            // Also one the log read returned already: it is replayed all the same.
            if (packet.Delivering) (delivering ??= []).Add(packet);
            if (packet.Offset > done.LastRead && seen.Add(packet.Offset)) done.Missed!.Add(packet.Data);
        }
        if (delivering is not null) WaitForDeliveries(delivering);
        return done.Overflowed;
    }

    private static void WaitForDeliveries(List<NotedPacket> delivering)
    {
        // Real time, not the server's clock: this bounds a stalled thread, whatever a test's fake clock says.
        var started = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        foreach (var packet in delivering)
        {
            while (packet.Delivering)
            {
                if (Stopwatch.GetElapsedTime(started) > s_deliveryWait) return;
                spinner.SpinOnce();
            }
        }
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

    /// <summary>A logged broadcast noted while a restore was under way; being delivered until marked otherwise.</summary>
    internal sealed class NotedPacket(StreamOffset offset, object?[] data, BroadcastOptions opts, string originUid, bool local)
    {
        private volatile bool _delivering = true;

        public StreamOffset Offset { get; } = offset;

        public object?[] Data { get; } = data;

        public BroadcastOptions Opts { get; } = opts;

        public string OriginUid { get; } = originUid;

        public bool Local { get; } = local;

        /// <summary>Whether its local delivery is still under way.</summary>
        public bool Delivering => _delivering;

        /// <summary>Called once its local delivery is done (or failed).</summary>
        public void MarkDelivered() => _delivering = false;
    }
}
