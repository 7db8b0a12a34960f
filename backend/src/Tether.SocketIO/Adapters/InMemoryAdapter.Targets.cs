namespace Tether.SocketIO.Adapters;

/// <summary>Receives each local socket a broadcast reaches; a struct so the loop is specialised and allocation-free.</summary>
internal interface ISocketVisitor
{
    void Visit(Socket socket);
}

public partial class InMemoryAdapter
{
    /// <summary>
    /// Calls <paramref name="visitor"/> once per local socket matching <paramref name="opts"/>: in any of the rooms
    /// (every socket when none), not in any except room. Allocates a dedup set only when several rooms are targeted
    /// and an except set only when except rooms are given: nothing per recipient.
    /// </summary>
    internal void Apply<TVisitor>(BroadcastOptions opts, ref TVisitor visitor) where TVisitor : struct, ISocketVisitor
    {
        var except = ComputeExceptSids(opts.Except);
        var sockets = Namespace.SocketsMap;
        var seen = opts.Rooms.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        if (opts.Rooms.Count > 0)
        {
            foreach (var room in opts.Rooms)
            {
                if (_rooms.TryGetValue(room, out var members))
                {
                    using var pairs = members.GetPairs();
                    while (pairs.MoveNext()) Visit(pairs.Current.Key, ref visitor);
                }
                // A socket's own room is implicit (see _rooms); others may have joined a room of that name too.
                if (IsInOwnRoom(room)) Visit(room, ref visitor);
            }
        }
        else
        {
            foreach (var pair in sockets)
            {
                if (except is not null && except.Contains(pair.Key)) continue;
                visitor.Visit(pair.Value);
            }
        }

        void Visit(string sid, ref TVisitor visitor)
        {
            if (except is not null && except.Contains(sid)) return;
            if (seen is not null && !seen.Add(sid)) return;
            if (sockets.TryGetValue(sid, out var socket)) visitor.Visit(socket);
        }
    }

    private HashSet<string>? ComputeExceptSids(IReadOnlySet<string> exceptRooms)
    {
        if (exceptRooms.Count == 0) return null;
        var sids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var room in exceptRooms)
        {
            if (_rooms.TryGetValue(room, out var members))
            {
                foreach (var sid in members) sids.Add(sid);
            }
            if (IsInOwnRoom(room)) sids.Add(room);
        }
        return sids;
    }

    /// <summary>Collects the matching sockets (for the operations that change membership while iterating).</summary>
    internal List<Socket> Collect(BroadcastOptions opts)
    {
        var visitor = new CollectVisitor(new List<Socket>());
        Apply(opts, ref visitor);
        return visitor.Sockets;
    }

    private readonly struct CollectVisitor(List<Socket> sockets) : ISocketVisitor
    {
        public List<Socket> Sockets { get; } = sockets;

        public void Visit(Socket socket) => Sockets.Add(socket);
    }
}
