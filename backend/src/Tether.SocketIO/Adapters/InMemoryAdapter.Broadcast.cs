using Tether.EngineIO;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Adapters;

public partial class InMemoryAdapter
{
    /// <inheritdoc />
    internal override Task BroadcastAsync(OutgoingPacket packet, BroadcastOptions opts)
    {
        string? offset = null;
        RecoveryStore.LoggedPacket? tracked = null;
        if (Recovery is { } recovery && IsLoggedForRecovery(packet, opts))
            packet = new OutgoingPacket(packet.Type, packet.Namespace, recovery.Append(opts, (object?[])packet.Data!, out offset, out tracked));
        try
        {
            DeliverLocally(packet, opts, offset);
        }
        finally
        {
            // Only while a restore is pending: its catch-up waits for this delivery (see RecoveryStore.CatchUp).
            tracked?.MarkDelivered();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Node's rule for connection state recovery: only non-volatile EVENT packets without acknowledgement are logged
    /// (and carry their offset as last argument), and only in a namespace where recovery applies.
    /// </summary>
    internal bool IsLoggedForRecovery(OutgoingPacket packet, BroadcastOptions opts)
        => Namespace.Recovery is not null && packet.Type == SocketIOPacketType.Event && packet.Id is null
           && !opts.Flags.Volatile && packet.Data is object?[];

    /// <summary>
    /// Delivers <paramref name="packet"/> to the matching local sockets as it is, without logging it: an adapter
    /// with a shared packet log (Redis) appends the offset itself and passes it as <paramref name="offset"/>, which a
    /// recovering socket uses to skip what its replay already covered.
    /// </summary>
    internal void DeliverLocally(OutgoingPacket packet, BroadcastOptions opts, string? offset)
    {
        packet = Stamp(packet, null);
        // Encoded once; every recipient queues the very same EngineMessage[] (and its cached transport encodings).
        var frames = PacketEncoder.Encode(packet, Namespace.ServerImpl.JsonOptions);
        var visitor = new SendVisitor(frames, opts.Flags.Volatile, offset);
        Apply(opts, ref visitor);
    }

    /// <inheritdoc />
    /// <remarks>
    /// As in Node's adapter, the ack id comes from the namespace-wide counter, so one id is unique in every
    /// recipient's ack table and the packet is still encoded once for all of them. Each recipient's table entry is
    /// removed when it replies, or after the broadcast's timeout.
    /// </remarks>
    internal override Task BroadcastWithAckAsync(
        OutgoingPacket packet, BroadcastOptions opts, Action<int> clientCountCallback, Action<SocketIOArgs> ackCallback)
    {
        var id = Namespace.NextAckId();
        var frames = PacketEncoder.Encode(Stamp(packet, id), Namespace.ServerImpl.JsonOptions);
        var visitor = new AckVisitor(frames, id, ackCallback, new List<Socket>());
        Apply(opts, ref visitor);
        clientCountCallback(visitor.Recipients.Count);
        if (visitor.Recipients.Count > 0) ScheduleAckCleanup(visitor.Recipients, id, opts.Flags.Timeout);
        return Task.CompletedTask;
    }

    private OutgoingPacket Stamp(OutgoingPacket packet, long? id)
        => packet.Namespace == Namespace.Name && packet.Id == id ? packet : packet.With(Namespace.Name, id);

    private void ScheduleAckCleanup(List<Socket> recipients, long id, TimeSpan? timeout)
    {
        if (timeout is not { } delay || delay == Timeout.InfiniteTimeSpan) return;
        // Slightly after the collector's own timeout, so a late reply is never lost to the cleanup first.
        _ = Task.Delay(delay + TimeSpan.FromMilliseconds(50), Namespace.ServerImpl.TimeProvider).ContinueWith(
            static (_, state) =>
            {
                var (sockets, ackId) = ((List<Socket>, long))state!;
                foreach (var socket in sockets) socket.RemoveAck(ackId);
            },
            (recipients, id),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private readonly struct SendVisitor(EngineMessage[] frames, bool isVolatile, string? offset) : ISocketVisitor
    {
        public void Visit(Socket socket)
        {
            // Volatile packets are dropped for connections that cannot take a frame right now (a WebSocket whose
            // writer is busy, a polling session with no GET waiting), as the reference server does.
            if (isVolatile && !socket.Client.Connection.IsWritable) return;
            socket.Deliver(frames, offset);
        }
    }

    private readonly struct AckVisitor(EngineMessage[] frames, long id, Action<SocketIOArgs> callback, List<Socket> recipients)
        : ISocketVisitor
    {
        public List<Socket> Recipients { get; } = recipients;

        public void Visit(Socket socket)
        {
            socket.RegisterAck(id, callback);
            Recipients.Add(socket);
            socket.Deliver(frames, null);
        }
    }
}
