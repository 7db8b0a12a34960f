using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Redis.Internal;
using Tether.SocketIO.Redis.Internal.Recovery;

namespace Tether.SocketIO.Redis;

/// <summary>
/// Sessions of live sockets. A process that is killed never runs its disconnect handling, so with recovery each local
/// socket's session is kept in Redis while it lives: written once it is connected (after its connection handlers, so
/// what they put in <see cref="Socket.Data"/> is in it), rewritten when its rooms change, and kept from expiring by one
/// batched <c>PEXPIRE</c> of all local sessions every third of
/// <see cref="ConnectionStateRecoveryOptions.MaxDisconnectionDuration"/>. When the process dies the refreshing stops,
/// and the sessions expire at most <c>MaxDisconnectionDuration</c> after the last refresh: its clients recover on
/// another server as after a normal disconnection. A recoverable disconnection overwrites the session (its latest
/// rooms and data), a deliberate one deletes it.
/// </summary>
public sealed partial class RedisAdapter
{
    // Local sockets whose session is kept in Redis while they live, by id. Each entry's lock orders the commands for
    // its key (issued under it, so they reach Redis in that order); a removed entry is dead and writes nothing more.
    private readonly ConcurrentDictionary<string, LiveSession> _live = new(StringComparer.Ordinal);
    private ITimer? _refreshTimer;
    private int _refreshing;

    private sealed class LiveSession(Socket socket, string pid)
    {
        public Socket Socket { get; } = socket;
        public string Pid { get; } = pid;
        public bool Dead { get; set; }
    }

    /// <summary>The connection to Redis (tests close it to stand for a process that dies).</summary>
    internal RedisConnection Connection => _connection;

    /// <summary>The number of local sockets whose session is kept in Redis while they live (for tests).</summary>
    internal int LiveSessionCount => _live.Count;

    /// <inheritdoc />
    /// <remarks>With recovery, writes the socket's session to Redis and keeps it there while the socket lives.</remarks>
    public override void SocketConnected(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (Namespace.Recovery is null || socket.Pid is not { } pid) return;
        var entry = new LiveSession(socket, pid);
        lock (entry)
        {
            _live[socket.Id] = entry;
            // Disconnecting already (its disconnection may have run before the entry existed): its own handling persists.
            if (socket.IsLeaving)
            {
                entry.Dead = true;
                _live.TryRemove(new KeyValuePair<string, LiveSession>(socket.Id, entry));
                return;
            }
            WriteLive(entry);
        }
        EnsureRefreshTimer();
    }

    /// <summary>Rewrites the session of a live socket whose rooms changed.</summary>
    private void RoomsChanged(string sid)
    {
        if (_live.IsEmpty || !_live.TryGetValue(sid, out var entry)) return;
        lock (entry)
        {
            if (!entry.Dead) WriteLive(entry);
        }
    }

    /// <summary>
    /// Stops keeping the session of <paramref name="sid"/> alive; with <paramref name="delete"/> (the client left on
    /// purpose) also deletes it. Returns the entry's lock holder so a final write can be issued in order, or null.
    /// </summary>
    private LiveSession? EndLive(string sid, bool delete)
    {
        if (_live.IsEmpty || !_live.TryRemove(sid, out var entry)) return null;
        lock (entry)
        {
            entry.Dead = true;
            if (delete && TryDatabase() is { } database)
            {
                try
                {
                    ObserveSessionWrite(database.ScriptEvaluateAsync(RecoveryScripts.Delete, [_channels.Session(entry.Pid)], [Uid]));
                }
                catch (Exception ex)
                {
                    RedisLog.SessionNotPersisted(_logger, Namespace.Name, ex);
                }
            }
        }
        return entry;
    }

    /// <summary>Issues the write of the live socket's current session (under the entry's lock).</summary>
    private void WriteLive(LiveSession entry)
    {
        if (TryDatabase() is not { } database) return;
        var socket = entry.Socket;
        byte[] json;
        try
        {
            var session = new SessionToPersist(socket.Id, entry.Pid, socket.Rooms.ToArray(),
                new Dictionary<string, object?>(socket.DataOrEmpty, StringComparer.Ordinal)) { Namespace = Namespace.Name };
            json = SessionCodec.Write(session, Namespace.Name, Uid, Json);
        }
        catch (Exception ex)
        {
            RedisLog.SessionNotPersisted(_logger, Namespace.Name, ex);
            return;
        }
        try
        {
            ObserveSessionWrite(WriteSessionAsync(database, entry.Pid, json, live: true));
        }
        catch (Exception ex)
        {
            RedisLog.SessionNotPersisted(_logger, Namespace.Name, ex);
        }
    }

    private Task<RedisResult> WriteSessionAsync(IDatabase database, string pid, byte[] json, bool live)
        => database.ScriptEvaluateAsync(RecoveryScripts.Write, [_channels.Session(pid)],
            [Uid, json, (long)Namespace.Recovery!.MaxDisconnectionDuration.TotalMilliseconds, live ? "1" : "0"]);

    /// <summary>The database when the connection is established (commands issued now keep their order), else null.</summary>
    private IDatabase? TryDatabase()
    {
        var connecting = _connection.GetAsync();
        return connecting.IsCompletedSuccessfully ? connecting.Result.GetDatabase() : null;
    }

    private void ObserveSessionWrite(Task task)
    {
        if (task.IsCompleted)
        {
            _ = task.Exception;
            return;
        }
        _ = task.ContinueWith(
            static (t, state) =>
            {
                var (adapter, _) = ((RedisAdapter, int))state!;
                if (t.Exception?.GetBaseException() is { } ex) RedisLog.SessionNotPersisted(adapter._logger, adapter.Namespace.Name, ex);
            },
            (this, 0),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
    }

    private void EnsureRefreshTimer()
    {
        if (Volatile.Read(ref _refreshTimer) is not null || _closed) return;
        var period = Namespace.Recovery!.MaxDisconnectionDuration / 3;
        if (period <= TimeSpan.Zero) return;
        var timer = Time.CreateTimer(static state => ((RedisAdapter)state!).RefreshLiveSessions(), this, period, period);
        if (Interlocked.CompareExchange(ref _refreshTimer, timer, null) is not null || _closed) timer.Dispose();
    }

    /// <summary>Pushes back the expiry of every live local session: one pipelined batch of <c>PEXPIRE</c>.</summary>
    private void RefreshLiveSessions()
    {
        if (_live.IsEmpty || TryDatabase() is not { } database) return;
        if (Interlocked.Exchange(ref _refreshing, 1) == 1) return; // the previous refresh is still going
        var ttl = Namespace.Recovery!.MaxDisconnectionDuration;
        var pending = new List<Task>(_live.Count);
        try
        {
            var batch = database.CreateBatch();
            foreach (var entry in _live.Values) pending.Add(batch.KeyExpireAsync(_channels.Session(entry.Pid), ttl));
            batch.Execute();
        }
        catch (Exception ex)
        {
            // On the timer's thread: never thrown (the next period tries again).
            RedisLog.SessionNotPersisted(_logger, Namespace.Name, ex);
            pending.Add(Task.CompletedTask);
        }
        _ = Task.WhenAll(pending).ContinueWith(
            static (t, state) =>
            {
                var adapter = (RedisAdapter)state!;
                Volatile.Write(ref adapter._refreshing, 0);
                if (t.Exception?.GetBaseException() is { } ex) RedisLog.SessionNotPersisted(adapter._logger, adapter.Namespace.Name, ex);
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Stops refreshing (the server shuts down; its sockets are disconnected and persisted as usual).</summary>
    private void StopRefreshing() => Interlocked.Exchange(ref _refreshTimer, null)?.Dispose();
}
