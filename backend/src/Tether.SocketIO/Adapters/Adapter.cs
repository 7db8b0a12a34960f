using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Adapters;

/// <summary>
/// Room membership and packet delivery for one namespace; the seam for multi-server setups (a Redis adapter) and for
/// connection state recovery. <see cref="InMemoryAdapter"/> is the single-server implementation; other adapters
/// derive from it and override the cluster-wide operations.
/// </summary>
/// <remarks>
/// The packet-level members are internal because the packet model is internal; adapters outside this assembly are
/// friend assemblies (Tether.SocketIO.Redis) or derive from <see cref="InMemoryAdapter"/>.
/// </remarks>
public abstract class Adapter
{
    /// <summary>Creates the adapter of <paramref name="nsp"/>.</summary>
    protected Adapter(Namespace nsp) => Namespace = nsp;

    /// <summary>The namespace this adapter serves.</summary>
    protected internal Namespace Namespace { get; }

    /// <summary>Called once when the namespace is created (subscribe to a bus...).</summary>
    public virtual Task InitAsync() => Task.CompletedTask;

    /// <summary>Called when the server shuts down.</summary>
    public virtual Task CloseAsync() => Task.CompletedTask;

    // --- local membership (synchronous: called on the hot path of join/leave/disconnect)

    /// <summary>Adds the local socket <paramref name="sid"/> to <paramref name="rooms"/>.</summary>
    public abstract void AddAll(string sid, IEnumerable<string> rooms);

    /// <summary>Removes the local socket <paramref name="sid"/> from <paramref name="room"/>.</summary>
    public abstract void Del(string sid, string room);

    /// <summary>Removes the local socket <paramref name="sid"/> from every room.</summary>
    public abstract void DelAll(string sid);

    /// <summary>The rooms of the local socket <paramref name="sid"/> (a live view), or null when it is in none.</summary>
    public abstract IReadOnlySet<string>? SocketRooms(string sid);

    // --- queries and remote-capable operations

    /// <summary>The ids of the sockets in any of <paramref name="rooms"/> (all sockets when empty).</summary>
    public abstract ValueTask<IReadOnlySet<string>> SocketsAsync(IReadOnlySet<string> rooms);

    /// <summary>Every room that has at least one socket.</summary>
    public abstract ValueTask<IReadOnlySet<string>> AllRoomsAsync();

    /// <summary>The sockets a broadcast with <paramref name="opts"/> would reach.</summary>
    public abstract Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(BroadcastOptions opts);

    /// <summary>Makes the matching sockets join <paramref name="rooms"/>.</summary>
    public abstract Task AddSocketsAsync(BroadcastOptions opts, string[] rooms);

    /// <summary>Makes the matching sockets leave <paramref name="rooms"/>.</summary>
    public abstract Task DelSocketsAsync(BroadcastOptions opts, string[] rooms);

    /// <summary>Disconnects the matching sockets (<paramref name="close"/>: close their whole Engine.IO connection).</summary>
    public abstract Task DisconnectSocketsAsync(BroadcastOptions opts, bool close);

    /// <summary>Sends <paramref name="packet"/> (event name first) to the other servers; no-op on a single server.</summary>
    public virtual Task ServerSideEmitAsync(object?[] packet) => Task.CompletedTask;

    /// <summary>
    /// Sends <paramref name="packet"/> to the other servers and collects one reply per server; a single server has
    /// nobody to ask and returns an empty list at once.
    /// </summary>
    public virtual Task<IReadOnlyList<SocketIOArgs>> ServerSideEmitWithAckAsync(object?[] packet, TimeSpan timeout)
        => Task.FromResult<IReadOnlyList<SocketIOArgs>>([]);

    /// <summary>The number of servers sharing this namespace (1 for a single server).</summary>
    public virtual Task<int> ServerCountAsync() => Task.FromResult(1);

    // --- connection state recovery seams (no-op until recovery is implemented)

    /// <summary>Keeps a disconnected socket's session for a later recovery.</summary>
    public virtual Task PersistSessionAsync(SessionToPersist session) => Task.CompletedTask;

    /// <summary>Restores a session by its private id and the offset of the last packet the client saw; null if gone.</summary>
    public virtual Task<RecoveredSession?> RestoreSessionAsync(string pid, string offset) => Task.FromResult<RecoveredSession?>(null);

    /// <summary>
    /// Called once a socket is connected and its connection handlers ran (also for a recovered socket); no-op by
    /// default. An out-of-process adapter may keep the session of a live socket here, so it survives a crash of this
    /// process. Must not block (called on the connection's path).
    /// </summary>
    public virtual void SocketConnected(Socket socket)
    {
    }

    // --- packet delivery (internal: the packet model is internal to the protocol layer)

    /// <summary>Delivers <paramref name="packet"/> to the matching sockets, encoding it once.</summary>
    internal abstract Task BroadcastAsync(OutgoingPacket packet, BroadcastOptions opts);

    /// <summary>
    /// Delivers <paramref name="packet"/> with an ack id; reports how many clients were reached through
    /// <paramref name="clientCountCallback"/> (once per server) and each reply through <paramref name="ackCallback"/>.
    /// </summary>
    internal abstract Task BroadcastWithAckAsync(
        OutgoingPacket packet, BroadcastOptions opts, Action<int> clientCountCallback, Action<SocketIOArgs> ackCallback);
}
