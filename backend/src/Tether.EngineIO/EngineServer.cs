using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tether.EngineIO.Internal;
using Tether.EngineIO.Polling;

namespace Tether.EngineIO;

/// <summary>
/// An Engine.IO v4 server: handles handshake, long-polling and WebSocket requests for one path and hands opened
/// connections to an <see cref="IEngineConnectionHandler"/>.
/// </summary>
public sealed partial class EngineServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CorsPolicy? _cors;
    private readonly ILogger _logger;
    private int _clientsCount;
    private int _disposing;
    private int _refusing;

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

    /// <summary>Every session's ping and pong deadlines, on one timer.</summary>
    internal HeartbeatScheduler Heartbeats { get; } = new();

    /// <summary>The number of open sessions.</summary>
    public int ClientsCount => Volatile.Read(ref _clientsCount);

    internal bool IsDisposing => Volatile.Read(ref _disposing) != 0;

    /// <summary>Whether new handshakes are refused (503): set when shutdown begins, before sessions are closed.</summary>
    internal bool IsRefusingSessions => Volatile.Read(ref _refusing) != 0 || IsDisposing;

    /// <summary>
    /// Refuses new sessions from now on (handshakes get 503 Service Unavailable, so a load balancer or the client's
    /// reconnection moves on to another server) while the open ones keep working until <see cref="DisposeAsync"/>.
    /// </summary>
    public void StopAcceptingSessions() => Volatile.Write(ref _refusing, 1);

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

    private static readonly TimeSpan AbandonedPollGrace = TimeSpan.FromSeconds(1);

    /// <summary>A session's transport is done with it: its id is no longer valid.</summary>
    internal void RemoveSession(EngineSession session)
    {
        if (_sessions.TryRemove(new KeyValuePair<string, EngineSession>(session.Id, session)) && IsDisposing && _sessions.IsEmpty)
            _drained.TrySetResult();
    }

    /// <summary>
    /// Refuses new sessions and closes every open one gracefully: what is queued is written first, then a WebSocket
    /// gets a close frame and a polling client a close packet in its next GET, which engine.io-client treats as a
    /// transport close and reconnects (elsewhere, behind a load balancer). Completes when every session is gone, or
    /// after <see cref="EngineIOOptions.ShutdownTimeout"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) == 0)
        {
            Log.ShuttingDown(_logger, _sessions.Count);
            // Polling sessions closed with packets still queued linger until the client's next GET takes them (it
            // usually comes within milliseconds); the timeout below bounds the wait for those that never come.
            foreach (var session in _sessions.Values) session.Close();
            if (_sessions.IsEmpty) _drained.TrySetResult();
        }

        try
        {
            // A polling client asks again as soon as a GET is answered, so a session without a GET after a short
            // grace was abandoned (a closed tab, a client that upgraded through a new session): like Node, discard
            // it instead of holding the shutdown for the whole timeout.
            var grace = Options.ShutdownTimeout < AbandonedPollGrace ? Options.ShutdownTimeout : AbandonedPollGrace;
            await Task.WhenAny(_drained.Task, Task.Delay(grace)).ConfigureAwait(false);
            foreach (var session in _sessions.Values)
                if (session.Transport is PollingTransport { HasActiveGet: false }) RemoveSession(session);
            await _drained.Task.WaitAsync(Options.ShutdownTimeout - grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.ShutdownTimedOut(_logger, _sessions.Count);
        }
        finally
        {
            Heartbeats.Dispose();
        }
    }
}
