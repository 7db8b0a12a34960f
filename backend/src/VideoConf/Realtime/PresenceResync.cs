using Microsoft.Extensions.Options;
using Tether.SocketIO;

namespace VideoConf.Realtime;

/// <summary><c>Presence:*</c> settings.</summary>
internal sealed class PresenceOptions
{
    /// <summary>
    /// How often this process checks whether participants of its sessions died with another process. Default 10 s;
    /// zero or negative turns the check off.
    /// </summary>
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for the other processes to say they are alive. Default 5 s.</summary>
    public TimeSpan LivenessTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Announces the participants that vanished with a dead process. A socket's own process announces its
/// <c>participant-left</c>; when that process is killed nobody does, and the clients of the other processes would
/// keep it in their lists. So each process remembers the REMOTE sockets of the sessions it has local sockets in
/// (from the list each local socket got on connect, and from its own periodic fetch) and, when one is gone from the
/// next fetch and the process that held it no longer answers, emits its <c>participant-left</c> to its OWN sockets of
/// that session (every live process does the same for its own, so each client gets it once).
/// </summary>
/// <remarks>
/// <para>
/// Why <c>participant-left</c> rather than a fresh <c>participants</c> list: the React client treats a
/// <c>participants</c> list as a new connection of its own and re-dials every peer, which would cut everybody's
/// video on each resync; a <c>participant-left</c> closes just the dead peer.
/// </para>
/// <para>
/// Cost per interval: nothing for sessions without a local socket; one fetch of all local sessions' rooms (in batches
/// of <see cref="RoomsPerFetch"/>), and only when another process is or was known; one liveness query only when a
/// remote socket vanished. A socket that left normally is recognised by its process still answering, so it is never
/// announced twice. A remote socket that joined AND died with its process within one interval, without this process
/// having fetched it, is not seen (its entry stays with the clients until they reconnect).
/// </para>
/// </remarks>
internal sealed class PresenceResync(ISocketIOServer io, NodeIdentity node, IOptions<PresenceOptions> options, ILogger<PresenceResync> logger)
    : BackgroundService
{
    /// <summary>The server-side event a process answers with its node id.</summary>
    public const string LivenessEvent = "videoconf:node";

    private const int RoomsPerFetch = 200;

    private readonly Lock _gate = new();

    // Per session with local sockets: its remote sockets as last seen (socket id → presence and node).
    private readonly Dictionary<string, Dictionary<string, Known>> _known = new(StringComparer.Ordinal);

    /// <summary>Remembers the remote sockets of a session a local socket just got the list of.</summary>
    public void Observe(string sessionId, IEnumerable<RemoteSocket> sockets)
    {
        lock (_gate)
        {
            foreach (var socket in sockets)
            {
                if (Remote(socket) is not { } known) continue;
                if (!_known.TryGetValue(sessionId, out var map)) _known[sessionId] = map = new Dictionary<string, Known>(StringComparer.Ordinal);
                map[socket.Id] = known;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nsp = io.Of(VideoNamespace.Name);
        // Answered whether or not this process checks itself: the others ask.
        nsp.OnServerSideEmit(LivenessEvent, (_, ack) => ack(node.Id));

        var interval = options.Value.ResyncInterval;
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(nsp);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Redis down, a process not answering in time...: the next round tries again.
                    logger.LogWarning(ex, "Participant resync failed; retrying in {Interval}", interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round (internal for tests).</summary>
    internal async Task RunOnceAsync(Namespace nsp)
    {
        var local = new HashSet<string>(StringComparer.Ordinal);
        foreach (var socket in nsp.Sockets.Values)
        {
            var sessionId = SocketPresence.SessionId(socket);
            if (sessionId.Length > 0) local.Add(sessionId);
        }

        bool anyKnown;
        lock (_gate)
        {
            foreach (var sessionId in _known.Keys.Where(s => !local.Contains(s)).ToList()) _known.Remove(sessionId);
            anyKnown = _known.Values.Any(m => m.Count > 0);
        }
        // Alone now and no remote socket to account for: nothing can have died elsewhere.
        if (local.Count == 0 || (!anyKnown && await nsp.Adapter.ServerCountAsync() <= 1)) return;

        var current = local.ToDictionary(s => s, _ => new Dictionary<string, Known>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var batch in local.Chunk(RoomsPerFetch))
        {
            foreach (var socket in await nsp.In(batch.Select(Rooms.Session)).FetchSocketsAsync())
            {
                if (Remote(socket) is { } known && current.TryGetValue(SocketPresence.SessionId(socket.Data), out var map))
                    map[socket.Id] = known;
            }
        }

        var vanished = new List<(string SessionId, string SocketId, Known Known)>();
        lock (_gate)
        {
            foreach (var (sessionId, now) in current)
            {
                if (_known.TryGetValue(sessionId, out var before))
                {
                    foreach (var (socketId, known) in before)
                        if (!now.ContainsKey(socketId)) vanished.Add((sessionId, socketId, known));
                }
                _known[sessionId] = now;
            }
        }
        if (vanished.Count == 0) return;

        var live = await LiveNodesAsync(nsp);
        if (live is null)
        {
            // Undecided: remember them for the next round.
            lock (_gate)
                foreach (var (sessionId, socketId, known) in vanished)
                    if (_known.TryGetValue(sessionId, out var map)) map.TryAdd(socketId, known);
            return;
        }

        var dead = vanished.Where(v => !live.Contains(v.Known.Node)).ToList();
        if (dead.Count == 0) return;

        // A socket recovered on a live process since the fetch is alive after all.
        var back = (await nsp.In(dead.Select(d => Rooms.SessionSocket(d.SessionId, d.SocketId))).FetchSocketsAsync()).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (sessionId, socketId, known) in dead)
        {
            if (back.Contains(socketId)) continue;
            await nsp.Local.To(Rooms.Session(sessionId)).EmitAsync(VideoEvents.ParticipantLeft, known.Presence);
            logger.LogInformation("Socket {SocketId} of user {UserId} in session {SessionId} died with process {Node}; announced its leave to this process's sockets",
                socketId, known.Presence.UserId, sessionId, known.Node);
        }
    }

    /// <summary>The node ids of the processes that answer (this one included); null when not all answered in time.</summary>
    private async Task<HashSet<string>?> LiveNodesAsync(Namespace nsp)
    {
        try
        {
            var replies = await nsp.ServerSideEmitWithAckAsync(options.Value.LivenessTimeout, LivenessEvent);
            var live = new HashSet<string>(StringComparer.Ordinal) { node.Id };
            foreach (var reply in replies)
                if (reply.Count > 0 && reply.Get<string>(0) is { Length: > 0 } id) live.Add(id);
            return live;
        }
        catch (Exception ex)
        {
            logger.LogInformation(ex, "Not every process answered the liveness query; vanished participants are checked again next round");
            return null;
        }
    }

    /// <summary>A participant socket held by another process; null for this process's own (it announces those itself).</summary>
    private Known? Remote(RemoteSocket socket)
    {
        var holder = SocketPresence.Node(socket.Data);
        if (holder.Length == 0 || holder == node.Id) return null;
        return SocketPresence.Read(socket.Id, socket.Data) is { } presence ? new Known(presence, holder) : null;
    }

    private sealed record Known(ParticipantPresence Presence, string Node);
}
