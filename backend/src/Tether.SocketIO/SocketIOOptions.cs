using System.Text.Json;
using Tether.EngineIO;

namespace Tether.SocketIO;

/// <summary>
/// Socket.IO server settings. Every property is settable so the options bind from configuration
/// (<c>services.Configure&lt;SocketIOOptions&gt;(configuration.GetSection("SocketIO"))</c>).
/// </summary>
public sealed class SocketIOOptions
{
    private string _path = "/socket.io/";

    /// <summary>Creates the defaults.</summary>
    public SocketIOOptions() => Engine = new EngineIOOptions { Path = _path };

    /// <summary>
    /// The endpoint path, with a trailing slash as the clients use it. Default <c>/socket.io/</c>. Setting it also sets
    /// <see cref="EngineIOOptions.Path"/> of <see cref="Engine"/>; the server uses this value, not Engine's.
    /// </summary>
    public string Path
    {
        get => _path;
        set
        {
            _path = value;
            Engine.Path = value;
        }
    }

    /// <summary>Transport settings (ping interval, CORS, buffer sizes...).</summary>
    public EngineIOOptions Engine { get; }

    /// <summary>
    /// How long an Engine.IO connection may stay open without joining any namespace before it is closed. Default 45 s;
    /// zero or negative disables the check.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// JSON settings for event arguments and payloads. Default <see cref="JsonSerializerDefaults.Web"/> (camelCase,
    /// case-insensitive reads). The server works on a copy with the binary-attachment converters added.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The most binary attachments one incoming packet may carry. Default 10. A packet announcing more is a protocol
    /// error: the connection is closed ("parse error") before any attachment is buffered.
    /// </summary>
    public int MaxAttachmentsPerPacket { get; set; } = 10;

    /// <summary>
    /// The most rooms one socket may be in (its own id room included). Default 1000; zero or negative: no limit.
    /// <see cref="Socket.Join(string)"/> past it throws <see cref="SocketIOLimitExceededException"/>.
    /// </summary>
    public int MaxRoomsPerSocket { get; set; } = 1000;

    /// <summary>
    /// The sustained rate of events one socket may send, per second (a token bucket refilled at this rate). Default
    /// 100; zero or negative: no limit. Events past the limit are dropped (logged at most every 10 s per socket), or
    /// the socket is disconnected when <see cref="DisconnectOnRateLimit"/> is set. Acknowledgements are not counted.
    /// </summary>
    public int MaxEventsPerSecond { get; set; } = 100;

    /// <summary>The token bucket's size: how many events a socket may send at once after being idle. Default 200.</summary>
    public int EventBurst { get; set; } = 200;

    /// <summary>
    /// Whether a socket that exceeds <see cref="MaxEventsPerSecond"/> is disconnected ("server namespace disconnect",
    /// so the client does not reconnect by itself) instead of having its excess events dropped. Default false.
    /// </summary>
    public bool DisconnectOnRateLimit { get; set; }

    /// <summary>
    /// The most acknowledgements one socket may await from its client at once (its own
    /// <see cref="Socket.EmitWithAckAsync(string, TimeSpan, object?[])"/> calls and acknowledged broadcasts). Default
    /// 1000; zero or negative: no limit. <c>EmitWithAckAsync</c> past it throws <see cref="SocketIOLimitExceededException"/>.
    /// </summary>
    public int MaxPendingAcksPerSocket { get; set; } = 1000;

    /// <summary>
    /// Connection state recovery settings; null (the default) disables recovery. When set, recovery applies to every
    /// namespace unless <see cref="ConnectionStateRecoveryOptions.Namespaces"/> or
    /// <see cref="ConnectionStateRecoveryOptions.NamespaceFilter"/> narrows it.
    /// </summary>
    public ConnectionStateRecoveryOptions? ConnectionStateRecovery { get; set; }
}

/// <summary>
/// Connection state recovery (Socket.IO protocol v5): a client that lost its connection and comes back within
/// <see cref="MaxDisconnectionDuration"/> gets its socket id, rooms, <see cref="Socket.Data"/> and every packet it
/// missed back, with <see cref="Socket.Recovered"/> set. Works with the unmodified socket.io-client 4.6+.
/// </summary>
/// <remarks>
/// As in the reference server, only non-volatile EVENT packets without acknowledgement are logged and replayed (to
/// rooms, to the namespace, and a socket's own <c>EmitAsync</c>, which then goes through the adapter); each carries
/// its offset as an extra last argument, which the client keeps to ask for what followed it. Sessions are kept for
/// disconnections the client did not ask for (transport close or error, ping timeout, forced close, server shutdown).
/// </remarks>
public sealed class ConnectionStateRecoveryOptions
{
    /// <summary>How long a disconnected session (and the packets it may miss) is kept. Default 2 minutes.</summary>
    public TimeSpan MaxDisconnectionDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether a recovered connection skips the namespace middleware. Default true.</summary>
    public bool SkipMiddlewares { get; set; } = true;

    /// <summary>
    /// The namespaces recovery applies to (exact names, e.g. <c>/video</c>); empty (the default): every namespace.
    /// Ignored when <see cref="NamespaceFilter"/> is set.
    /// </summary>
    public IList<string> Namespaces { get; set; } = new List<string>();

    /// <summary>Decides per namespace name whether recovery applies; overrides <see cref="Namespaces"/> when set.</summary>
    public Func<string, bool>? NamespaceFilter { get; set; }

    /// <summary>
    /// The most packets the in-memory adapter keeps per namespace for replay; the oldest go first (a client whose
    /// offset is gone connects afresh). Default 10,000.
    /// </summary>
    public int MaxPacketsPerNamespace { get; set; } = 10_000;

    /// <summary>
    /// The most disconnected sessions the in-memory adapter keeps per namespace; the oldest go first. Default 100,000.
    /// </summary>
    public int MaxSessionsPerNamespace { get; set; } = 100_000;

    /// <summary>Whether recovery applies to the namespace named <paramref name="name"/>.</summary>
    public bool AppliesTo(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (NamespaceFilter is { } filter) return filter(name);
        return Namespaces is null || Namespaces.Count == 0 || Namespaces.Contains(name);
    }
}
