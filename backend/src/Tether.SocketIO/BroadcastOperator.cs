using Tether.SocketIO.Adapters;
using Tether.SocketIO.Internal;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO;

/// <summary>
/// A broadcast target: rooms to reach, rooms to skip and flags. Immutable: every modifier returns a new value, so an
/// operator can be kept and reused.
/// </summary>
public readonly struct BroadcastOperator
{
    private readonly Namespace? _nsp;
    private readonly IReadOnlySet<string>? _rooms;
    private readonly IReadOnlySet<string>? _except;
    private readonly BroadcastFlags? _flags;

    internal BroadcastOperator(Namespace nsp, IReadOnlySet<string>? rooms = null, IReadOnlySet<string>? except = null, BroadcastFlags? flags = null)
    {
        _nsp = nsp;
        _rooms = rooms;
        _except = except;
        _flags = flags;
    }

    private Namespace Nsp => _nsp ?? throw new InvalidOperationException("This BroadcastOperator was not created by a namespace or socket.");

    private IReadOnlySet<string> Rooms => _rooms ?? EmptySet.Instance;

    private IReadOnlySet<string> ExceptRooms => _except ?? EmptySet.Instance;

    private BroadcastFlags Flags => _flags ?? BroadcastFlags.None;

    /// <summary>Also targets the sockets in <paramref name="room"/> (a socket id targets that socket).</summary>
    public BroadcastOperator To(string room) => new(Nsp, Add(Rooms, room), _except, _flags);

    /// <summary>Also targets the sockets in any of <paramref name="rooms"/>.</summary>
    public BroadcastOperator To(IEnumerable<string> rooms) => new(Nsp, Add(Rooms, rooms), _except, _flags);

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    public BroadcastOperator In(string room) => To(room);

    /// <summary>Same as <see cref="To(IEnumerable{string})"/>.</summary>
    public BroadcastOperator In(IEnumerable<string> rooms) => To(rooms);

    /// <summary>Skips the sockets in <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room) => new(Nsp, _rooms, Add(ExceptRooms, room), _flags);

    /// <summary>Skips the sockets in any of <paramref name="rooms"/>.</summary>
    public BroadcastOperator Except(IEnumerable<string> rooms) => new(Nsp, _rooms, Add(ExceptRooms, rooms), _flags);

    /// <summary>The packet may be dropped for recipients that cannot take it right now.</summary>
    public BroadcastOperator Volatile => new(Nsp, _rooms, _except, Flags with { Volatile = true });

    /// <summary>Only this server's sockets (with a multi-server adapter).</summary>
    public BroadcastOperator Local => new(Nsp, _rooms, _except, Flags with { Local = true });

    /// <summary>Accepted for parity with Node; per-message compression is not negotiated, so it has no effect.</summary>
    public BroadcastOperator Compress(bool compress) => new(Nsp, _rooms, _except, Flags with { Compress = compress });

    /// <summary>How long <see cref="EmitWithAckAsync"/> waits for the replies.</summary>
    public BroadcastOperator Timeout(TimeSpan timeout) => new(Nsp, _rooms, _except, Flags with { Timeout = timeout });

    internal BroadcastOptions Options => new(Rooms, ExceptRooms, Flags);

    /// <summary>Emits to every target; completes when queued on every local connection.</summary>
    /// <exception cref="ArgumentException">The event name is reserved (<c>connect</c>, <c>disconnect</c>...).</exception>
    public Task EmitAsync(string eventName, params object?[] args)
    {
        ReservedEvents.ThrowIfReserved(eventName);
        var nsp = Nsp;
        return nsp.Adapter.BroadcastAsync(EventPackets.Create(nsp.Name, eventName, args), Options);
    }

    /// <summary>
    /// Emits to every target with an acknowledgement and collects every reply. Requires <see cref="Timeout"/>.
    /// </summary>
    /// <exception cref="SocketIOAckTimeoutException">Not every target replied in time; carries the replies that did.</exception>
    public Task<IReadOnlyList<SocketIOArgs>> EmitWithAckAsync(string eventName, params object?[] args)
    {
        ReservedEvents.ThrowIfReserved(eventName);
        var flags = Flags;
        if (flags.Timeout is not { } timeout)
            throw new InvalidOperationException("EmitWithAckAsync on a broadcast needs a timeout: call Timeout(...) first.");
        var nsp = Nsp;
        return BroadcastAckCollector.RunAsync(nsp, EventPackets.Create(nsp.Name, eventName, args), Options, timeout);
    }

    /// <summary>The matching sockets (on every server, with a multi-server adapter).</summary>
    public Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync() => Nsp.Adapter.FetchSocketsAsync(Options);

    /// <summary>Makes the matching sockets join <paramref name="rooms"/>.</summary>
    public Task SocketsJoinAsync(params string[] rooms) => Nsp.Adapter.AddSocketsAsync(Options, rooms);

    /// <summary>Makes the matching sockets leave <paramref name="rooms"/>.</summary>
    public Task SocketsLeaveAsync(params string[] rooms) => Nsp.Adapter.DelSocketsAsync(Options, rooms);

    /// <summary>Disconnects the matching sockets; <paramref name="close"/> closes their whole Engine.IO connections.</summary>
    public Task DisconnectSocketsAsync(bool close = false) => Nsp.Adapter.DisconnectSocketsAsync(Options, close);

    private static IReadOnlySet<string> Add(IReadOnlySet<string> set, string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (set.Contains(room)) return set;
        return new HashSet<string>(set, StringComparer.Ordinal) { room };
    }

    private static IReadOnlySet<string> Add(IReadOnlySet<string> set, IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var copy = new HashSet<string>(set, StringComparer.Ordinal);
        copy.UnionWith(rooms);
        return copy;
    }
}
