using System.Collections.Concurrent;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Internal;

namespace Tether.SocketIO;

/// <summary>
/// A Socket.IO namespace: a communication channel with its own middleware, connection handlers, sockets, rooms and
/// adapter. Clients multiplex several namespaces over one Engine.IO connection.
/// </summary>
public partial class Namespace
{
    // Ack ids are namespace-wide (as in Node) so one acknowledged broadcast can use one id for every recipient.
    private long _nextAckId = -1;

    internal Namespace(SocketIOServer server, string name, NamespaceHandlers handlers, Func<Namespace, Adapter> createAdapter)
    {
        ServerImpl = server;
        Name = name;
        Handlers = handlers;
        // Decided once, before the adapter exists: the adapter keeps its packet log only when recovery applies here.
        if (server.Options.ConnectionStateRecovery is { } recovery && recovery.AppliesTo(name)) Recovery = recovery;
        Adapter = createAdapter(this);
    }

    /// <summary>The namespace name, starting with <c>/</c>.</summary>
    public string Name { get; }

    /// <summary>The server this namespace belongs to.</summary>
    public ISocketIOServer Server => ServerImpl;

    /// <summary>The adapter holding this namespace's rooms and delivering its broadcasts.</summary>
    public Adapter Adapter { get; }

    /// <summary>The connected sockets of this server, by id.</summary>
    public IReadOnlyDictionary<string, Socket> Sockets => SocketsMap;

    internal SocketIOServer ServerImpl { get; }

    internal ConcurrentDictionary<string, Socket> SocketsMap { get; } = new(StringComparer.Ordinal);

    internal NamespaceHandlers Handlers { get; }

    /// <summary>The recovery settings when connection state recovery applies to this namespace, else null.</summary>
    internal ConnectionStateRecoveryOptions? Recovery { get; }

    /// <summary>Whether connection state recovery applies to this namespace.</summary>
    public bool ConnectionStateRecoveryEnabled => Recovery is not null;

    internal long NextAckId() => Interlocked.Increment(ref _nextAckId);

    /// <summary>
    /// Adds connection middleware, run in order for each client joining, before the CONNECT reply. It sees
    /// <see cref="Socket.Handshake"/> and may set <see cref="Socket.User"/> or <see cref="Socket.Data"/>. Call
    /// <c>next()</c> to continue; throw <see cref="SocketIOConnectException"/> to refuse with a message (and data) the
    /// client sees. Any other exception refuses with "Internal server error" and is logged; returning without
    /// calling <c>next()</c> refuses with "Connection refused".
    /// </summary>
    public Namespace Use(Func<Socket, Func<Task>, Task> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        Handlers.AddMiddleware(middleware);
        return this;
    }

    /// <summary>
    /// Adds a connection handler, run for each connected socket after the CONNECT reply is queued (so anything it
    /// emits reaches the client after the connection is confirmed). Several handlers run in registration order,
    /// each awaited before the next.
    /// </summary>
    public Namespace OnConnection(Func<Socket, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Handlers.AddConnectionHandler(handler);
        return this;
    }

    private BroadcastOperator All => new(this);

    /// <summary>Targets the sockets in <paramref name="room"/>.</summary>
    public BroadcastOperator To(string room) => All.To(room);

    /// <summary>Targets the sockets in any of <paramref name="rooms"/>.</summary>
    public BroadcastOperator To(IEnumerable<string> rooms) => All.To(rooms);

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    public BroadcastOperator In(string room) => All.To(room);

    /// <summary>Same as <see cref="To(IEnumerable{string})"/>.</summary>
    public BroadcastOperator In(IEnumerable<string> rooms) => All.To(rooms);

    /// <summary>Targets the sockets not in <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room) => All.Except(room);

    /// <summary>Targets the sockets not in any of <paramref name="rooms"/>.</summary>
    public BroadcastOperator Except(IEnumerable<string> rooms) => All.Except(rooms);

    /// <summary>A volatile broadcast to every socket.</summary>
    public BroadcastOperator Volatile => All.Volatile;

    /// <summary>A broadcast to this server's sockets only.</summary>
    public BroadcastOperator Local => All.Local;

    /// <summary>A broadcast with the compress flag (no effect: compression is not negotiated).</summary>
    public BroadcastOperator Compress(bool compress) => All.Compress(compress);

    /// <summary>A broadcast whose acknowledgements are awaited for <paramref name="timeout"/>.</summary>
    public BroadcastOperator Timeout(TimeSpan timeout) => All.Timeout(timeout);

    /// <summary>Emits to every socket of the namespace; completes when queued.</summary>
    public Task EmitAsync(string eventName, params object?[] args) => All.EmitAsync(eventName, args);

    /// <summary>Every socket of the namespace (on every server, with a multi-server adapter).</summary>
    public Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync() => All.FetchSocketsAsync();

    /// <summary>Makes every socket join <paramref name="rooms"/>.</summary>
    public Task SocketsJoinAsync(params string[] rooms) => All.SocketsJoinAsync(rooms);

    /// <summary>Makes every socket leave <paramref name="rooms"/>.</summary>
    public Task SocketsLeaveAsync(params string[] rooms) => All.SocketsLeaveAsync(rooms);

    /// <summary>Disconnects every socket of the namespace.</summary>
    public Task DisconnectSocketsAsync(bool close = false) => All.DisconnectSocketsAsync(close);

    /// <inheritdoc />
    public override string ToString() => $"Namespace {Name}";
}
