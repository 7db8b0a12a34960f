namespace Tether.SocketIO;

/// <summary>
/// A socket as <c>FetchSocketsAsync</c> returns it: a snapshot of its id, handshake, rooms and data, with
/// operations that go through the adapter, so they work whether the socket is on this server or another.
/// </summary>
public sealed class RemoteSocket
{
    private readonly Namespace _nsp;

    /// <summary>A local socket (its <see cref="Data"/> is the live dictionary).</summary>
    internal RemoteSocket(Socket socket)
        : this(socket.Namespace, socket.Id, socket.Handshake, new HashSet<string>(socket.Rooms, StringComparer.Ordinal), socket.Data)
    {
    }

    /// <summary>A socket described by another server (for multi-server adapters).</summary>
    internal RemoteSocket(Namespace nsp, string id, SocketHandshake handshake, IReadOnlySet<string> rooms, IReadOnlyDictionary<string, object?> data)
    {
        _nsp = nsp;
        Id = id;
        Handshake = handshake;
        Rooms = rooms;
        Data = data;
    }

    /// <summary>The socket id.</summary>
    public string Id { get; }

    /// <summary>The socket's handshake.</summary>
    public SocketHandshake Handshake { get; }

    /// <summary>The rooms it was in when fetched.</summary>
    public IReadOnlySet<string> Rooms { get; }

    /// <summary>Its data.</summary>
    public IReadOnlyDictionary<string, object?> Data { get; }

    private BroadcastOperator Self => new BroadcastOperator(_nsp).To(Id);

    /// <summary>Emits an event to this socket; completes when queued.</summary>
    public Task EmitAsync(string eventName, params object?[] args) => Self.EmitAsync(eventName, args);

    /// <summary>Makes the socket join <paramref name="rooms"/>.</summary>
    public Task JoinAsync(params string[] rooms) => Self.SocketsJoinAsync(rooms);

    /// <summary>Makes the socket leave <paramref name="rooms"/>.</summary>
    public Task LeaveAsync(params string[] rooms) => Self.SocketsLeaveAsync(rooms);

    /// <summary>Disconnects the socket; <paramref name="close"/> closes its whole Engine.IO connection.</summary>
    public Task DisconnectAsync(bool close = false) => Self.DisconnectSocketsAsync(close);
}
