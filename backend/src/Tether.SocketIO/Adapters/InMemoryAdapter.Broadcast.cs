using Tether.EngineIO;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Adapters;

public partial class InMemoryAdapter
{
    /// <inheritdoc />
    internal override Task BroadcastAsync(OutgoingPacket packet, BroadcastOptions opts)
    {
        packet = Stamp(packet, null);
        string? offset = null;
        // Node's rule: only non-volatile events without acknowledgement are logged, with their offset appended.
        if (Recovery is { } recovery && packet.Type == SocketIOPacketType.Event && !opts.Flags.Volatile && packet.Data is object?[] args)
            packet = new OutgoingPacket(packet.Type, packet.Namespace, recovery.Append(opts, args, out offset));
        // Encoded once; every recipient queues the very same EngineMessage[] (and its cached transport encodings).
        var frames = PacketEncoder.Encode(packet, Namespace.ServerImpl.JsonOptions);
        var visitor = new SendVisitor(frames, opts.Flags.Volatile, offset);
        Apply(opts, ref visitor);
        return Task.CompletedTask;
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
