using System.Collections.Concurrent;
using Tether.SocketIO.Internal;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO;

public sealed partial class Socket
{
    // Acknowledgements this socket waits for, by ack id (ids come from the namespace-wide counter, see
    // Namespace.NextAckId, so a broadcast's single id never collides with this socket's own).
    // Created with the first acknowledgement this socket waits for: most sockets never wait for one.
    private ConcurrentDictionary<long, PendingAck>? _acks;

    private ConcurrentDictionary<long, PendingAck> Acks => _acks ?? LazyInitializer.EnsureInitialized(ref _acks);

    /// <summary>The number of acknowledgements still awaited (for tests and diagnostics).</summary>
    internal int PendingAckCount => Volatile.Read(ref _acks)?.Count ?? 0;

    /// <summary>Registers a broadcast's acknowledgement callback for this socket (used by adapters).</summary>
    internal void RegisterAck(long id, Action<SocketIOArgs> callback) => Acks[id] = new CallbackAck(callback);

    /// <summary>Forgets an acknowledgement that will not be awaited any more.</summary>
    internal void RemoveAck(long id) => Volatile.Read(ref _acks)?.TryRemove(id, out _);

    /// <summary>An ACK packet from the client.</summary>
    internal void OnAckPacket(IncomingPacket packet)
    {
        if (packet.Id is not { } id || Volatile.Read(ref _acks) is not { } acks || !acks.TryRemove(id, out var pending))
        {
            Internal.Log.UnknownAck(Logger, Id, packet.Id ?? -1);
            return;
        }
        pending.OnReply(packet.Args);
    }

    /// <summary>The acknowledgement callback for a client event with id <paramref name="id"/>.</summary>
    internal SocketAck CreateAck(long id) => new AckSender(this, id).SendAsync;

    private void FailPendingAcks(string reason)
    {
        if (Volatile.Read(ref _acks) is not { } acks) return;
        foreach (var pair in acks)
        {
            if (acks.TryRemove(pair.Key, out var pending)) pending.OnDisconnected(reason);
        }
    }

    /// <summary>Sends one ACK packet at most, whatever the number of calls.</summary>
    private sealed class AckSender(Socket socket, long id)
    {
        private int _sent;

        public Task SendAsync(params object?[] args)
        {
            if (Interlocked.Exchange(ref _sent, 1) == 1) return Task.CompletedTask;
            socket.Client.SendPacket(new OutgoingPacket(SocketIOPacketType.Ack, socket.Namespace.Name, args ?? [], id));
            return Task.CompletedTask;
        }
    }
}
