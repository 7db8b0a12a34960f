using System.Text.Json;
using Tether.EngineIO;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Internal;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO;

public sealed partial class Socket
{
    // Node's RECOVERABLE_DISCONNECT_REASONS: the disconnections the client did not ask for.
    private static readonly HashSet<string> s_recoverableReasons = new(StringComparer.Ordinal)
    {
        DisconnectReasons.TransportError,
        DisconnectReasons.TransportClose,
        DisconnectReasons.ForcedClose,
        DisconnectReasons.PingTimeout,
        DisconnectReasons.ServerShuttingDown,
        DisconnectReasons.ForcedServerClose,
    };

    private RecoveredSession? _restored;
    // Broadcast frames that reached a recovering socket before its missed packets were replayed; null otherwise.
    // The list is also the lock of the holding (only recovering sockets have one: no lock object per socket).
    private List<(EngineMessage[] Frames, string? Offset)>? _held;

    /// <summary>The private session id a client presents to recover this socket; null without recovery.</summary>
    internal string? Pid { get; private set; }

    /// <summary>Gives a socket of a namespace with recovery a fresh private session id.</summary>
    internal void AssignPid() => Pid = SocketIds.New();

    /// <summary>
    /// Takes over a restored session (the socket was created with its id): private id, data and, once activated,
    /// rooms. Until <see cref="ReplayMissedPackets"/> runs, broadcasts reaching the socket are held back so the
    /// missed packets go out first.
    /// </summary>
    internal void Restore(RecoveredSession session)
    {
        _restored = session;
        Pid = session.Pid;
        foreach (var pair in session.Data) Data[pair.Key] = pair.Value;
        Recovered = true;
        _held = new List<(EngineMessage[], string?)>();
    }

    /// <summary>The rooms to join on activation besides the socket's own.</summary>
    private IReadOnlyCollection<string>? RestoredRooms => _restored?.Rooms;

    /// <summary>
    /// Called once the socket is back in its rooms, before the CONNECT reply. Its missed packets were computed when
    /// the session was restored, before the namespace middleware ran: what was logged for its rooms since then could
    /// not reach it and is added now (the adapter's log has it). Should the log have dropped some of them meanwhile,
    /// the socket connects as not recovered (a fresh private id tells the client to re-fetch its state) rather than
    /// silently missing them.
    /// </summary>
    internal void CompleteRestore()
    {
        if (_restored is not { } session) return;
        if (InMemoryAdapter.CatchUp(session) is { } missed)
        {
            if (!ReferenceEquals(missed, session.MissedPackets)) _restored = session with { MissedPackets = missed };
            return;
        }
        Log.RestoreFailed(Logger, Namespace.Name, new InvalidOperationException(
            $"Socket {Id}: the packet log dropped packets it missed before it was back in its rooms (MaxPacketsPerNamespace too small?)."));
        Pid = SocketIds.New();
        Recovered = false;
        _restored = session with { MissedPackets = [] };
    }

    /// <summary>Ends a restore whose socket does not connect after all (refused, or its connection closed).</summary>
    internal void AbandonRestore()
    {
        if (_restored is { } session) InMemoryAdapter.AbandonRestore(session);
    }

    /// <summary>
    /// Sends the packets the client missed (after the CONNECT reply), then whatever was held back meanwhile, skipping
    /// what the replay already covered, and ends the holding.
    /// </summary>
    internal void ReplayMissedPackets()
    {
        if (_restored is not { } session) return;
        HashSet<string>? replayed = null;
        var holding = Volatile.Read(ref _held) ?? []; // set by Restore, with _restored
        lock (holding)
        {
            foreach (var data in session.MissedPackets)
            {
                Client.SendPacket(new OutgoingPacket(SocketIOPacketType.Event, Namespace.Name, data));
                if (data is [.., string offset]) (replayed ??= new HashSet<string>(StringComparer.Ordinal)).Add(offset);
            }
            foreach (var (frames, offset) in holding)
            {
                // A broadcast logged before the restore but delivered after the activation is in both lists.
                if (offset is not null && replayed is not null && replayed.Contains(offset)) continue;
                Client.Send(frames);
            }
            Volatile.Write(ref _held, null);
        }
        if (Recovered) Log.SessionRecovered(Logger, Id, Namespace.Name, session.MissedPackets.Count);
        _restored = null;
    }

    /// <summary>Queues a broadcast's frames (<paramref name="offset"/>: its recovery offset, if logged).</summary>
    internal void Deliver(EngineMessage[] frames, string? offset)
    {
        if (Volatile.Read(ref _held) is { } held)
        {
            lock (held)
            {
                if (ReferenceEquals(Volatile.Read(ref _held), held))
                {
                    held.Add((frames, offset));
                    return;
                }
            }
        }
        Client.Send(frames);
    }

    /// <summary>Keeps the session for a later recovery when recovery applies and the client did not leave on purpose.</summary>
    private async Task PersistSessionAsync(string reason)
    {
        if (Namespace.Recovery is null || Pid is null || !s_recoverableReasons.Contains(reason)) return;
        try
        {
            var session = new SessionToPersist(Id, Pid, Rooms.ToArray(), new Dictionary<string, object?>(DataOrEmpty, StringComparer.Ordinal))
            {
                Namespace = Namespace.Name,
            };
            await Namespace.Adapter.PersistSessionAsync(session).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.AdapterFailed(Logger, Namespace.Name, ex);
        }
    }

    /// <summary>The <c>pid</c> and <c>offset</c> strings a reconnecting socket.io-client puts in its auth payload.</summary>
    internal static bool TryGetRecoveryAuth(SocketHandshake handshake, out string pid, out string offset)
    {
        pid = offset = "";
        if (handshake.Auth is not { ValueKind: JsonValueKind.Object } auth) return false;
        if (!auth.TryGetProperty("pid", out var p) || p.ValueKind != JsonValueKind.String) return false;
        if (!auth.TryGetProperty("offset", out var o) || o.ValueKind != JsonValueKind.String) return false;
        pid = p.GetString()!;
        offset = o.GetString()!;
        return true;
    }
}
