namespace Tether.SocketIO;

public sealed partial class Socket
{
    /// <summary>The rooms this socket is in (its own id included); a live view.</summary>
    public IReadOnlySet<string> Rooms => Namespace.Adapter.SocketRooms(Id) ?? EmptySet.Instance;

    /// <summary>Joins <paramref name="room"/>. Ignored once the socket is disconnected.</summary>
    /// <exception cref="SocketIOLimitExceededException">The socket would exceed <see cref="SocketIOOptions.MaxRoomsPerSocket"/>.</exception>
    public void Join(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Join([room]);
    }

    /// <summary>Joins every room of <paramref name="rooms"/>. Ignored once the socket is disconnected.</summary>
    /// <exception cref="SocketIOLimitExceededException">The socket would exceed <see cref="SocketIOOptions.MaxRoomsPerSocket"/>.</exception>
    public void Join(IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (Volatile.Read(ref _state) is not (StateActive or StateClosing)) return;
        var list = rooms as IReadOnlyCollection<string> ?? rooms.ToArray();
        var max = Namespace.ServerImpl.Options.MaxRoomsPerSocket;
        if (max > 0 && (Namespace.Adapter.SocketRooms(Id)?.Count ?? 0) + list.Count > max)
        {
            // Only new rooms count; a precise check is only needed close to the limit.
            var current = Rooms;
            var added = 0;
            foreach (var room in list)
                if (!current.Contains(room)) added++;
            if (current.Count + added > max)
            {
                Internal.Log.RoomLimitExceeded(Logger, Id, Namespace.Name, max);
                throw new SocketIOLimitExceededException(
                    nameof(SocketIOOptions.MaxRoomsPerSocket), max, $"Socket {Id} may be in at most {max} rooms (MaxRoomsPerSocket).");
            }
        }
        Namespace.Adapter.AddAll(Id, list);
    }

    /// <summary>Leaves <paramref name="room"/>.</summary>
    public void Leave(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Namespace.Adapter.Del(Id, room);
    }
}
