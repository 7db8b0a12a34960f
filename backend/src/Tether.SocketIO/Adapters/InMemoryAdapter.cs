using System.Collections.Concurrent;

namespace Tether.SocketIO.Adapters;

/// <summary>
/// The single-server adapter: room membership in memory, delivery to local sockets. Membership reads are lock-free;
/// a join or leave locks only the one room it touches, and only to keep empty-room removal race-free.
/// </summary>
public partial class InMemoryAdapter : Adapter
{
    private static readonly Func<string, RoomSet> s_newSet = static _ => new RoomSet();

    // room -> socket ids in it; socket id -> rooms it is in. A socket's own room (named by its id) is not in _rooms:
    // its one possible member is the socket itself, which is in it exactly when its own room set says so. Every
    // connection is in its own room, so that saves a set and a table entry per connection (about 120 bytes).
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
            if (socketRooms.Add(room) && !IsOwnRoom(room, sid)) AddToRoom(room, sid);
        }
    }

    /// <inheritdoc />
    public override void Del(string sid, string room)
    {
        if (_sids.TryGetValue(sid, out var socketRooms)) socketRooms.Remove(room);
        if (!IsOwnRoom(room, sid)) RemoveFromRoom(room, sid);
    }

    /// <inheritdoc />
    public override void DelAll(string sid)
    {
        if (!_sids.TryRemove(sid, out var socketRooms)) return;
        foreach (var room in socketRooms)
        {
            if (!IsOwnRoom(room, sid)) RemoveFromRoom(room, sid);
        }
    }

    /// <inheritdoc />
    public override IReadOnlySet<string>? SocketRooms(string sid) => _sids.TryGetValue(sid, out var rooms) ? rooms : null;

    /// <summary>The number of rooms that currently have members (for tests and diagnostics).</summary>
    internal int RoomCount => AllRooms().Count;

    /// <summary>Whether <paramref name="room"/> has a member here.</summary>
    internal bool HasRoom(string room) => _rooms.ContainsKey(room) || IsInOwnRoom(room);

    /// <summary>The members of <paramref name="room"/> (a live set unless it is someone's own room), or null when it is empty.</summary>
    internal IReadOnlySet<string>? RoomMembers(string room)
    {
        var own = IsInOwnRoom(room);
        if (_rooms.TryGetValue(room, out var set)) return own ? new HashSet<string>(set, StringComparer.Ordinal) { room } : set;
        return own ? new HashSet<string>(StringComparer.Ordinal) { room } : null;
    }

    private static bool IsOwnRoom(string room, string sid) => string.Equals(room, sid, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="room"/> is the own room of a socket that is (still) in it.</summary>
    private bool IsInOwnRoom(string room) => _sids.TryGetValue(room, out var rooms) && rooms.Contains(room);

    /// <summary>Every room with a member here: the shared ones and the sockets' own rooms.</summary>
    private HashSet<string> AllRooms()
    {
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in _rooms) rooms.Add(pair.Key);
        foreach (var pair in _sids)
        {
            if (pair.Value.Contains(pair.Key)) rooms.Add(pair.Key);
        }
        return rooms;
    }

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
