using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tether.EngineIO;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Internal;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO;

/// <summary>
/// The Socket.IO v5 server. It owns an <see cref="EngineServer"/> (map it with <c>MapEngineIO(server.Engine)</c>, or
/// use <c>MapSocketIO()</c> from Tether.SocketIO.AspNetCore) and receives its connections as its
/// <see cref="IEngineConnectionHandler"/> (implemented explicitly: only the Engine.IO layer calls it).
/// </summary>
public sealed partial class SocketIOServer : ISocketIOServer, IEngineConnectionHandler, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Namespace> _namespaces = new(StringComparer.Ordinal);
    private readonly object _namespaceGate = new();
    private readonly IAdapterFactory _adapterFactory;
    private ParentNamespace[] _parents = [];
    private Task? _shutdown;

    /// <summary>Creates a server.</summary>
    /// <param name="options">Settings; <see cref="SocketIOOptions.Path"/> is applied to the Engine.IO options.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="adapterFactory">Creates each namespace's adapter; <see cref="InMemoryAdapterFactory"/> when null.</param>
    /// <param name="services">Root services: each socket gets its own scope of them (<see cref="Socket.Services"/>).</param>
    /// <param name="timeProvider">Clock for timeouts; the system clock when null.</param>
    public SocketIOServer(
        SocketIOOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        IAdapterFactory? adapterFactory = null,
        IServiceProvider? services = null,
        TimeProvider? timeProvider = null)
    {
        Options = options ?? new SocketIOOptions();
        Options.Engine.Path = Options.Path;
        loggerFactory ??= NullLoggerFactory.Instance;
        ServerLogger = loggerFactory.CreateLogger("Tether.SocketIO.Server");
        NamespaceLogger = loggerFactory.CreateLogger("Tether.SocketIO.Namespace");
        SocketLogger = loggerFactory.CreateLogger("Tether.SocketIO.Socket");
        _adapterFactory = adapterFactory ?? new InMemoryAdapterFactory();
        Services = services;
        TimeProvider = timeProvider ?? TimeProvider.System;
        // A private copy: the converters must be added before first use, and the caller's instance may be shared.
        JsonOptions = SocketIOJson.AddSocketIOConverters(new JsonSerializerOptions(Options.JsonSerializerOptions));
        DecoderLimits = new PacketDecoderLimits(MaxAttachments: Options.MaxAttachmentsPerPacket);
        Engine = new EngineServer(Options.Engine, this, loggerFactory);
        Sockets = Of("/");
    }

    /// <summary>The settings in force.</summary>
    public SocketIOOptions Options { get; }

    /// <summary>The Engine.IO server carrying the connections.</summary>
    public EngineServer Engine { get; }

    /// <inheritdoc />
    public Namespace Sockets { get; }

    /// <inheritdoc />
    public int ClientsCount => _clients.Count;

    internal JsonSerializerOptions JsonOptions { get; }

    internal PacketDecoderLimits DecoderLimits { get; }

    internal TimeProvider TimeProvider { get; }

    internal IServiceProvider? Services { get; }

    internal ILogger ServerLogger { get; }

    internal ILogger NamespaceLogger { get; }

    internal ILogger SocketLogger { get; }

    /// <inheritdoc />
    public Namespace Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.StartsWith('/')) name = "/" + name;
        if (_namespaces.TryGetValue(name, out var existing)) return existing;
        lock (_namespaceGate)
        {
            if (_namespaces.TryGetValue(name, out existing)) return existing;
            return Register(new Namespace(this, name, new NamespaceHandlers(), CreateAdapter));
        }
    }

    /// <inheritdoc />
    public ParentNamespace Of(Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Of((name, _) => pattern.IsMatch(name));
    }

    /// <inheritdoc />
    public ParentNamespace Of(Func<string, SocketHandshake, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var parent = new ParentNamespace(this, predicate);
        lock (_namespaceGate) _parents = [.. _parents, parent];
        return parent;
    }

    /// <inheritdoc />
    public BroadcastOperator To(string room) => Sockets.To(room);

    /// <inheritdoc />
    public BroadcastOperator In(string room) => Sockets.To(room);

    /// <inheritdoc />
    public BroadcastOperator Except(string room) => Sockets.Except(room);

    /// <inheritdoc />
    public Task EmitAsync(string eventName, params object?[] args) => Sockets.EmitAsync(eventName, args);

    /// <summary>
    /// The namespace a client asked for: an existing one, or a new child of the first dynamic namespace that accepts
    /// the name; null when none does.
    /// </summary>
    internal Namespace? ResolveNamespace(string name, SocketHandshake handshake)
    {
        if (_namespaces.TryGetValue(name, out var nsp)) return nsp;
        foreach (var parent in Volatile.Read(ref _parents))
        {
            bool matches;
            try
            {
                matches = parent.Matches(name, handshake);
            }
            catch (Exception ex)
            {
                Log.MiddlewareFailed(NamespaceLogger, name, "-", ex);
                continue;
            }
            if (!matches) continue;
            lock (_namespaceGate)
            {
                if (_namespaces.TryGetValue(name, out nsp)) return nsp;
                return Register(parent.CreateChild(name));
            }
        }
        return null;
    }

    internal Adapter CreateAdapter(Namespace nsp) => _adapterFactory.Create(nsp);

    private Namespace Register(Namespace nsp)
    {
        _namespaces[nsp.Name] = nsp;
        TaskObserver.Observe(nsp.Adapter.InitAsync(), NamespaceLogger, (logger, ex) => Log.AdapterFailed(logger, nsp.Name, ex));
        return nsp;
    }

    /// <inheritdoc />
    public Task ShutdownAsync()
    {
        lock (_namespaceGate) return _shutdown ??= ShutdownCoreAsync();
    }

    // Node's io.close(): sockets end with "server shutting down" (a recoverable reason, so their sessions are persisted
    // for a recovery on another server), then the Engine.IO connections close, which the client treats as a transport
    // close and reconnects from. A Socket.IO DISCONNECT packet would not do: the client takes it as a kick and stays
    // disconnected.
    private async Task ShutdownCoreAsync()
    {
        // First: no new sessions (503), so reconnecting clients go to another server.
        Engine.StopAcceptingSessions();
        var clients = ClientsSnapshot();
        Log.ShuttingDown(ServerLogger, clients.Count);
        var closing = new List<Task>(clients.Count);
        foreach (var client in clients) closing.Add(client.CloseSockets(DisconnectReasons.ServerShuttingDown));
        await Task.WhenAll(closing).ConfigureAwait(false);
        foreach (var nsp in _namespaces.Values)
        {
            try
            {
                await nsp.Adapter.CloseAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.AdapterFailed(NamespaceLogger, nsp.Name, ex);
            }
        }
        // Flushes every connection's queue, then closes it (bounded by EngineIOOptions.ShutdownTimeout).
        await Engine.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Same as <see cref="ShutdownAsync"/>.</summary>
    public ValueTask DisposeAsync() => new(ShutdownAsync());
}
