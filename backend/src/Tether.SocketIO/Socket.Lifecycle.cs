using Tether.SocketIO.Internal;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO;

public sealed partial class Socket
{
    private CancellationTokenSource? _disconnectCts;
    private Task? _closeTask;

    /// <summary>
    /// Raised first when the socket disconnects, while it is still in its rooms. Handlers run one after another and
    /// are awaited before the rooms are left. The string is the reason (see <see cref="DisconnectReasons"/>).
    /// </summary>
    public event Func<Socket, string, Task>? Disconnecting;

    /// <summary>Raised after the socket left its rooms and its namespace; its services are disposed afterwards.</summary>
    public event Func<Socket, string, Task>? Disconnected;

    /// <summary>
    /// Raised when per-packet middleware (<see cref="Use"/>) refuses an event or the client's connection sent an
    /// invalid packet. Without a handler these are logged.
    /// </summary>
    public event Func<Socket, Exception, Task>? Error;

    /// <summary>Cancelled when the socket disconnects; what <see cref="CancellationToken"/> handler parameters receive.</summary>
    internal CancellationToken DisconnectToken
    {
        get
        {
            if (Volatile.Read(ref _state) == StateClosed) return new CancellationToken(true);
            var cts = LazyInitializer.EnsureInitialized(ref _disconnectCts);
            // Closed between the check and the creation: the cleanup may have missed this source.
            if (Volatile.Read(ref _state) == StateClosed) cts.Cancel();
            return cts.Token;
        }
    }

    /// <summary>
    /// Leaves the namespace: the client receives a DISCONNECT packet and its socket will not reconnect by itself.
    /// With <paramref name="close"/>, every socket of the client's Engine.IO connection is disconnected that way and
    /// the connection is closed. Reason: <c>server namespace disconnect</c>. No-op when already disconnected.
    /// </summary>
    public Task DisconnectAsync(bool close = false)
    {
        if (Volatile.Read(ref _state) != StateActive) return Task.CompletedTask;
        if (close) return Client.DisconnectAllAsync();
        Client.SendPacket(new OutgoingPacket(SocketIOPacketType.Disconnect, Namespace.Name));
        return CloseAsync(DisconnectReasons.ServerNamespaceDisconnect);
    }

    /// <summary>True once the socket started disconnecting.</summary>
    internal bool IsLeaving => Volatile.Read(ref _state) >= StateClosing;

    /// <summary>Moves a socket whose middleware passed to the connected state: namespace table and own room.</summary>
    internal bool TryActivate()
    {
        lock (_gate)
        {
            if (_state != StateConnecting) return false;
            _state = StateActive;
            // Under the lock so a concurrent CloseAsync cannot run its cleanup before these are in place.
            Namespace.SocketsMap[Id] = this;
            Namespace.Adapter.AddAll(Id, [Id]);
            // A recovered socket is back in its rooms at once (they are not subject to MaxRoomsPerSocket again).
            if (RestoredRooms is { } rooms) Namespace.Adapter.AddAll(Id, rooms);
        }
        Log.SocketConnected(Logger, Id, Namespace.Name, Client.Connection.Id);
        return true;
    }

    /// <summary>
    /// Queues the CONNECT reply <c>{"sid": id}</c> (<c>{"sid", "pid"}</c> with recovery); must precede anything the
    /// connection handlers emit.
    /// </summary>
    internal void SendConnectReply()
        => Client.SendPacket(new OutgoingPacket(SocketIOPacketType.Connect, Namespace.Name, new ConnectReply(Id, Pid)));

    /// <summary>
    /// Runs when the socket is let go of, whether it was refused or disconnected, just before its services are
    /// disposed (the hosting layer disposes per-socket handler instances here).
    /// </summary>
    internal event Func<Socket, ValueTask>? Released;

    /// <summary>Releases a socket that never became active (refused, or its connection closed during middleware).</summary>
    internal async ValueTask ReleaseAsync()
    {
        lock (_gate) _state = StateClosed;
        _disconnectCts?.Cancel();
        await DisposeResourcesAsync().ConfigureAwait(false);
    }

    private async ValueTask DisposeResourcesAsync()
    {
        if (Released is { } released)
        {
            foreach (var handler in released.GetInvocationList())
            {
                try
                {
                    await ((Func<Socket, ValueTask>)handler)(this).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Log.LifecycleHandlerFailed(Logger, Id, "Released", ex);
                }
            }
        }
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Disconnects without sending anything to the client (the transport is gone, or the server stops).</summary>
    internal Task CloseAsync(string reason)
    {
        lock (_gate)
        {
            if (_state >= StateClosing) return _closeTask ?? Task.CompletedTask;
            if (_state == StateConnecting)
            {
                // Nobody saw it connect: no events, just let go of it.
                Client.Remove(this);
                return _closeTask = ReleaseAsync().AsTask();
            }
            _state = StateClosing;
        }
        var task = CloseCoreAsync(reason);
        lock (_gate) _closeTask ??= task;
        return task;
    }

    private async Task CloseCoreAsync(string reason)
    {
        await RaiseAsync(Disconnecting, "Disconnecting", reason).ConfigureAwait(false);
        // Persisted while the rooms are still there, as in Node (after the "disconnecting" handlers).
        await PersistSessionAsync(reason).ConfigureAwait(false);
        try
        {
            Namespace.Adapter.DelAll(Id);
        }
        catch (Exception ex)
        {
            Log.AdapterFailed(Logger, Namespace.Name, ex);
        }
        Namespace.SocketsMap.TryRemove(new KeyValuePair<string, Socket>(Id, this));
        Client.Remove(this);
        FailPendingAcks(reason);
        lock (_gate) _state = StateClosed;
        _disconnectCts?.Cancel();
        Log.SocketDisconnected(Logger, Id, Namespace.Name, reason);
        await RaiseAsync(Disconnected, "Disconnected", reason).ConfigureAwait(false);
        await DisposeResourcesAsync().ConfigureAwait(false);
    }

    private async Task RaiseAsync(Func<Socket, string, Task>? handlers, string kind, string reason)
    {
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                await ((Func<Socket, string, Task>)handler)(this, reason).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.LifecycleHandlerFailed(Logger, Id, kind, ex);
            }
        }
    }

    /// <summary>Reports an error to the <see cref="Error"/> handlers (observed, never thrown back).</summary>
    internal void RaiseError(Exception error, string? eventName = null)
    {
        var handlers = Error;
        if (handlers is null)
        {
            Log.PacketMiddlewareRefused(Logger, Id, eventName ?? "", error);
            return;
        }
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                TaskObserver.Observe(((Func<Socket, Exception, Task>)handler)(this, error), this, "error");
            }
            catch (Exception ex)
            {
                Log.LifecycleHandlerFailed(Logger, Id, "Error", ex);
            }
        }
    }
}
