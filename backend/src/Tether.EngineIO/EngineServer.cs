using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tether.EngineIO.Internal;

namespace Tether.EngineIO;

/// <summary>
/// An Engine.IO v4 server: handles handshake, long-polling and WebSocket requests for one path and hands opened
/// connections to an <see cref="IEngineConnectionHandler"/>.
/// </summary>
public sealed partial class EngineServer : IAsyncDisposable
{
    // How long DisposeAsync waits for sessions to flush and finish their close handshakes.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CorsPolicy? _cors;
    private readonly ILogger _logger;
    private int _clientsCount;
    private int _disposing;

    /// <summary>Creates a server.</summary>
    public EngineServer(EngineIOOptions options, IEngineConnectionHandler handler, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handler);
        Options = options;
        Handler = handler;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = LoggerFactory.CreateLogger("Tether.EngineIO.EngineServer");
        SessionLogger = LoggerFactory.CreateLogger("Tether.EngineIO.EngineSession");
        if (options.Cors is { } cors) _cors = new CorsPolicy(cors);
    }

    /// <summary>The settings in force.</summary>
    public EngineIOOptions Options { get; }

    internal IEngineConnectionHandler Handler { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal ILogger SessionLogger { get; }

    /// <summary>The number of open sessions.</summary>
    public int ClientsCount => Volatile.Read(ref _clientsCount);

    internal bool IsDisposing => Volatile.Read(ref _disposing) != 0;

    /// <summary>Finds a session (open, or closed but still draining) by id.</summary>
    internal EngineSession? FindSession(string sid) => _sessions.TryGetValue(sid, out var session) ? session : null;

    private bool TryRegister(EngineSession session)
    {
        _sessions[session.Id] = session;
        Interlocked.Increment(ref _clientsCount);
        if (!IsDisposing) return true;
        // Lost a race with DisposeAsync, which may not have seen this session.
        RemoveSession(session);
        Interlocked.Decrement(ref _clientsCount);
        return false;
    }

    /// <summary>A session stopped being open (called once per session).</summary>
    internal void OnSessionClosed(EngineSession session) => Interlocked.Decrement(ref _clientsCount);

    /// <summary>A session's transport is done with it: its id is no longer valid.</summary>
    internal void RemoveSession(EngineSession session)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, EngineSession>(session.Id, session)) && IsDisposing && _sessions.IsEmpty)
            _drained.TrySetResult();
    }

    /// <summary>Closes every session (clients see a close and reconnect elsewhere) and refuses new ones.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) == 0)
        {
            Log.ShuttingDown(_logger, _sessions.Count);
            foreach (var session in _sessions.Values)
            {
                session.Close();
                // Closed polling sessions waiting for a last GET: the client will not get one in time; let them go.
                if (session.Transport is Polling.PollingTransport && !session.IsOpen) RemoveSession(session);
            }
            if (_sessions.IsEmpty) _drained.TrySetResult();
        }

        try
        {
            await _drained.Task.WaitAsync(ShutdownTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.ShutdownTimedOut(_logger, _sessions.Count);
        }
    }
}
