using System.Collections.Concurrent;

namespace Tether.SocketIO.Adapters;

/// <summary>
/// The single-server adapter: room membership in memory, delivery to local sockets. Membership reads are lock-free;
/// a join or leave locks only the one room it touches, and only to keep empty-room removal race-free.
/// </summary>
public partial class InMemoryAdapter : Adapter
{
    private static readonly Func<string, RoomSet> s_newSet = static _ => new RoomSet();

    // room -> socket ids in it; socket id -> rooms it is in.
    private readonly ConcurrentDictionary<string, RoomSet> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RoomSet> _sids = new(StringComparer.Ordinal);

    /// <summary>Creates the adapter of <paramref name="nsp"/>.</summary>
    public InMemoryAdapter(Namespace nsp) : base(nsp)
    {
        if (nsp.Recovery is { } recovery) Recovery = new RecoveryStore(recovery, nsp.ServerImpl.TimeProvider);
    }

    /// <summary>The packet log and sessions when connection state recovery applies to the namespace, else null.</summary>
    internal RecoveryStore? Recovery { get; }

    /// <inheritdoc />
    public override void AddAll(string sid, IEnumerable<string> rooms)
    {
        var socketRooms = _sids.GetOrAdd(sid, s_newSet);
        foreach (var room in rooms)
        {
            if (socketRooms.Add(room)) AddToRoom(room, sid);
        }
    }

    /// <inheritdoc />
    public override void Del(string sid, string room)
    {
        if (_sids.TryGetValue(sid, out var socketRooms)) socketRooms.Remove(room);
        RemoveFromRoom(room, sid);
    }

    /// <inheritdoc />
    public override void DelAll(string sid)
    {
        if (!_sids.TryRemove(sid, out var socketRooms)) return;
        foreach (var room in socketRooms) RemoveFromRoom(room, sid);
    }

    /// <inheritdoc />
    public override IReadOnlySet<string>? SocketRooms(string sid) => _sids.TryGetValue(sid, out var rooms) ? rooms : null;

    /// <summary>The number of rooms that currently have members (for tests and diagnostics).</summary>
    internal int RoomCount => _rooms.Count;

    /// <summary>The members of <paramref name="room"/>, or null when it is empty.</summary>
    internal IReadOnlySet<string>? RoomMembers(string room) => _rooms.TryGetValue(room, out var set) ? set : null;

    private void AddToRoom(string room, string sid)
    {
        while (true)
        {
            var set = _rooms.GetOrAdd(room, s_newSet);
            lock (set)
            {
                if (set.Dead) continue; // removed meanwhile: GetOrAdd will now create a fresh set
                set.Add(sid);
                return;
            }
        }
    }

    private void RemoveFromRoom(string room, string sid)
    {
        if (!_rooms.TryGetValue(room, out var set)) return;
        lock (set)
        {
            if (!set.Remove(sid) || !set.IsEmpty) return;
            set.Dead = true;
            _rooms.TryRemove(new KeyValuePair<string, RoomSet>(room, set));
        }
    }
}
