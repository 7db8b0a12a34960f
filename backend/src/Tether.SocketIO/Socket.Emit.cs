using Tether.SocketIO.Adapters;
using Tether.SocketIO.Internal;

namespace Tether.SocketIO;

public sealed partial class Socket
{
    /// <summary>Emits an event to this client; completes when queued (not when delivered).</summary>
    /// <exception cref="ArgumentException">The event name is reserved (<c>connect</c>, <c>disconnect</c>...).</exception>
    public Task EmitAsync(string eventName, params object?[] args)
    {
        ReservedEvents.ThrowIfReserved(eventName);
        args ??= [];
        NotifyOutgoing(eventName, args);
        var packet = EventPackets.Create(Namespace.Name, eventName, args);
        // With recovery, as in Node, the event goes through the adapter to this socket's own room, so it is logged
        // with an offset and replayed if the client misses it.
        if (Namespace.Recovery is not null) return Namespace.Adapter.BroadcastAsync(packet, new BroadcastOptions(OwnRoom, EmptySet.Instance, BroadcastFlags.None));
        Client.SendPacket(packet);
        return Task.CompletedTask;
    }

    private IReadOnlySet<string> OwnRoom => _ownRoom ??= new HashSet<string>(StringComparer.Ordinal) { Id };

    private IReadOnlySet<string>? _ownRoom;

    /// <summary>
    /// Emits an event and waits for the client's acknowledgement. <paramref name="timeout"/> may be
    /// <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    /// <exception cref="SocketIOAckTimeoutException">No acknowledgement within <paramref name="timeout"/>.</exception>
    /// <exception cref="SocketIODisconnectedException">The socket disconnected while waiting.</exception>
    /// <exception cref="SocketIOLimitExceededException">
    /// The socket already awaits <see cref="SocketIOOptions.MaxPendingAcksPerSocket"/> acknowledgements.
    /// </exception>
    public Task<SocketIOArgs> EmitWithAckAsync(string eventName, TimeSpan timeout, params object?[] args)
        => EmitWithAckAsync(eventName, timeout, CancellationToken.None, args);

    /// <summary>As <see cref="EmitWithAckAsync(string, TimeSpan, object?[])"/>, cancellable.</summary>
    public Task<SocketIOArgs> EmitWithAckAsync(string eventName, TimeSpan timeout, CancellationToken cancellationToken, params object?[] args)
    {
        ReservedEvents.ThrowIfReserved(eventName);
        args ??= [];
        if (Volatile.Read(ref _state) >= StateClosed)
            return Task.FromException<SocketIOArgs>(new SocketIODisconnectedException(DisconnectReasons.ServerNamespaceDisconnect));
        var maxAcks = Namespace.ServerImpl.Options.MaxPendingAcksPerSocket;
        if (maxAcks > 0 && PendingAckCount >= maxAcks)
        {
            Internal.Log.AckLimitExceeded(Logger, Id, maxAcks);
            return Task.FromException<SocketIOArgs>(new SocketIOLimitExceededException(
                nameof(SocketIOOptions.MaxPendingAcksPerSocket), maxAcks,
                $"Socket {Id} already awaits {maxAcks} acknowledgements (MaxPendingAcksPerSocket); the client is not answering."));
        }
        var id = Namespace.NextAckId();
        var pending = new TaskAck();
        Acks[id] = pending;
        NotifyOutgoing(eventName, args);
        Client.SendPacket(EventPackets.Create(Namespace.Name, eventName, args, id));
        return WaitForAckAsync(id, pending, timeout, cancellationToken);
    }

    private async Task<SocketIOArgs> WaitForAckAsync(long id, TaskAck pending, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await pending.Completion.Task.WaitAsync(timeout, Namespace.ServerImpl.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!pending.Completion.Task.IsCompleted)
        {
            throw new SocketIOAckTimeoutException($"The client did not acknowledge within {timeout}.");
        }
        finally
        {
            RemoveAck(id);
        }
    }

    private void NotifyOutgoing(string eventName, object?[] args)
    {
        foreach (var listener in Volatile.Read(ref _anyOutgoingListeners))
        {
            try
            {
                TaskObserver.Observe(listener(eventName, args), this, eventName);
            }
            catch (Exception ex)
            {
                Log.EventHandlerFailed(Logger, eventName, Id, ex);
            }
        }
    }

    /// <summary>Targets the other sockets of the namespace in <paramref name="room"/> (this socket excluded).</summary>
    public BroadcastOperator To(string room) => Broadcast.To(room);

    /// <summary>Targets the other sockets of the namespace in any of <paramref name="rooms"/>.</summary>
    public BroadcastOperator To(IEnumerable<string> rooms) => Broadcast.To(rooms);

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    public BroadcastOperator In(string room) => Broadcast.To(room);

    /// <summary>Same as <see cref="To(IEnumerable{string})"/>.</summary>
    public BroadcastOperator In(IEnumerable<string> rooms) => Broadcast.To(rooms);

    /// <summary>Targets the other sockets of the namespace not in <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room) => Broadcast.Except(room);

    /// <summary>Targets the other sockets of the namespace not in any of <paramref name="rooms"/>.</summary>
    public BroadcastOperator Except(IEnumerable<string> rooms) => Broadcast.Except(rooms);

    /// <summary>Every socket of the namespace but this one.</summary>
    public BroadcastOperator Broadcast => new(Namespace, except: new HashSet<string>(StringComparer.Ordinal) { Id });
}
