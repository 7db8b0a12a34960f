using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Tether.SocketIO.Internal;

namespace Tether.SocketIO;

/// <summary>
/// One client's connection to one namespace. A client that joins several namespaces over the same Engine.IO connection
/// has one socket per namespace.
/// </summary>
public sealed partial class Socket
{
    // Lifecycle: Connecting (middleware running) → Active → Closing (Disconnecting handlers, rooms still there) → Closed.
    private const int StateConnecting = 0;
    private const int StateActive = 1;
    private const int StateClosing = 2;
    private const int StateClosed = 3;

    private readonly object _gate = new();
    private readonly SocketServices _services;
    private int _state;
    private ClaimsPrincipal? _user; // null until set: the handshake's user (created only when read)
    private readonly EventRateLimiter? _rateLimiter;

    internal Socket(Namespace nsp, ClientConnection client, SocketHandshake handshake, SocketServices services, string? id = null)
    {
        Namespace = nsp;
        Client = client;
        Handshake = handshake;
        _services = services;
        Id = id ?? SocketIds.New();
        Logger = nsp.ServerImpl.SocketLogger;
        _rateLimiter = EventRateLimiter.Create(nsp.ServerImpl.Options, nsp.ServerImpl.TimeProvider);
    }

    /// <summary>The socket id: random and unguessable; the socket is always in the room of that name.</summary>
    public string Id { get; }

    /// <summary>The namespace this socket belongs to.</summary>
    public Namespace Namespace { get; }

    /// <summary>What the client presented when connecting.</summary>
    public SocketHandshake Handshake { get; }

    /// <summary>Arbitrary per-socket data (visible to <see cref="RemoteSocket.Data"/>).</summary>
    /// <remarks>Created on first use: most sockets never use it, and an idle connection should cost little.</remarks>
    public ConcurrentDictionary<string, object?> Data => _data ?? LazyInitializer.EnsureInitialized(ref _data);

    private ConcurrentDictionary<string, object?>? _data;

    /// <summary><see cref="Data"/> without creating it: an empty dictionary when nothing was ever stored.</summary>
    internal IReadOnlyDictionary<string, object?> DataOrEmpty => Volatile.Read(ref _data) ?? s_noData;

    private static readonly IReadOnlyDictionary<string, object?> s_noData = new Dictionary<string, object?>();

    /// <summary>
    /// True from the CONNECT reply until the socket's rooms are left (so still true in <see cref="Disconnecting"/>).
    /// </summary>
    public bool Connected => Volatile.Read(ref _state) is StateActive or StateClosing;

    /// <summary>
    /// Whether the socket was restored by connection state recovery: same id, rooms and <see cref="Data"/> as before
    /// the disconnection, and the packets it missed were replayed (see <see cref="SocketIOOptions.ConnectionStateRecovery"/>).
    /// </summary>
    public bool Recovered { get; internal set; }

    /// <summary>
    /// The services of this socket: a DI scope created when the client connects and disposed after
    /// <see cref="Disconnected"/> (the root provider's scope when the server was created with one).
    /// </summary>
    public IServiceProvider Services => _services.Provider;

    /// <summary>The user: initially the handshake's; middleware may replace it (after validating an auth token).</summary>
    public ClaimsPrincipal User
    {
        get => Volatile.Read(ref _user) ?? Handshake.User;
        set => Volatile.Write(ref _user, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The Engine.IO transport currently in use: <c>polling</c> or <c>websocket</c>.</summary>
    public string TransportName => Client.Connection.TransportName;

    internal ClientConnection Client { get; }

    internal ILogger Logger { get; }

    /// <summary>Per-socket state for the hosting layer (handler instances), created on first use.</summary>
    internal SocketItems Items => _items ?? LazyInitializer.EnsureInitialized(ref _items);

    private SocketItems? _items;

    /// <inheritdoc />
    public override string ToString() => $"Socket {Id} ({Namespace.Name})";
}
