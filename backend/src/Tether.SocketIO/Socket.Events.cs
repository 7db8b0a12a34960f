using Tether.SocketIO.Internal;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO;

public sealed partial class Socket
{
    private static readonly Func<SocketIOEvent, Func<Task>, Task>[] s_noMiddleware = [];

    // Copy-on-write arrays: registration is rare, dispatch reads a snapshot without locking.
    // Copy-on-write too (under _gate): a handful of events per socket, so a flat array costs a fraction of a
    // dictionary per connection and a lookup compares a few strings.
    private ListenerTable _listeners = ListenerTable.Empty;
    private Func<string, SocketIOArgs, Task>[] _anyListeners = [];
    private Func<string, object?[], Task>[] _anyOutgoingListeners = [];
    private Func<SocketIOEvent, Func<Task>, Task>[] _middlewares = s_noMiddleware;

    /// <summary>
    /// Handles event <paramref name="eventName"/> with a typed delegate. Parameters bind in order from the event's
    /// arguments (<see cref="SocketIOArgs.Get(int, Type)"/>), except these, which are supplied:
    /// <see cref="SocketAck"/> (the acknowledgement; a no-op when the client asked for none), <see cref="Socket"/>,
    /// <see cref="SocketIOArgs"/> (all arguments) and <see cref="CancellationToken"/> (cancelled on disconnect).
    /// A missing argument binds to the parameter's default value, or null for reference and nullable types.
    /// The delegate may return void, Task, ValueTask or a value (Task&lt;T&gt;, ValueTask&lt;T&gt;, T): when it has
    /// no <see cref="SocketAck"/> parameter and the client asked for an acknowledgement, the value is the
    /// acknowledgement's single argument.
    /// If an argument does not bind, the handler is not called: a client that asked for an acknowledgement receives
    /// one with <c>{"error": "..."}</c>; otherwise a warning is logged. The connection stays open either way.
    /// </summary>
    public Socket On(string eventName, Delegate handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddListener(eventName, TypedEventListener.Create(handler));
    }

    /// <summary>Handles <paramref name="eventName"/> with the raw arguments and the acknowledgement (null when none was asked).</summary>
    public Socket On(string eventName, Func<SocketIOArgs, SocketAck?, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddListener(eventName, new RawEventListener(handler));
    }

    /// <summary>Removes every handler of <paramref name="eventName"/>.</summary>
    public Socket Off(string eventName)
    {
        lock (_gate) Volatile.Write(ref _listeners, _listeners.Without(eventName));
        return this;
    }

    /// <summary>Called for every incoming event, before packet middleware and the event's handlers.</summary>
    public Socket OnAny(Func<string, SocketIOArgs, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate) _anyListeners = [.. _anyListeners, handler];
        return this;
    }

    /// <summary>Called for every event this socket emits (not broadcasts), with the arguments, before it is queued.</summary>
    public Socket OnAnyOutgoing(Func<string, object?[], Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate) _anyOutgoingListeners = [.. _anyOutgoingListeners, handler];
        return this;
    }

    /// <summary>
    /// Adds per-packet middleware, run in order for each incoming event before its handlers. Call <c>next()</c> to
    /// continue; return without calling it to drop the event; throw to refuse it, which raises <see cref="Error"/>
    /// on this socket (as Node's <c>next(err)</c>; nothing is sent to the client).
    /// </summary>
    public Socket Use(Func<SocketIOEvent, Func<Task>, Task> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        lock (_gate) _middlewares = [.. _middlewares, middleware];
        return this;
    }

    private Socket AddListener(string eventName, EventListener listener)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        lock (_gate) Volatile.Write(ref _listeners, _listeners.With(eventName, listener));
        return this;
    }

    /// <summary>
    /// An EVENT packet from the client, on the read loop: handlers are invoked right here, so a synchronous handler
    /// costs no thread hop; an asynchronous one runs on and is observed.
    /// </summary>
    internal void OnEventPacket(IncomingPacket packet)
    {
        if (Volatile.Read(ref _state) != StateActive) return;
        if (_rateLimiter is { } limiter && !limiter.TryAcquire())
        {
            OnRateLimited(limiter);
            return;
        }
        var eventName = packet.EventName!;
        var args = packet.Args;
        var ack = packet.Id is { } id ? CreateAck(id) : null;

        var anyListeners = Volatile.Read(ref _anyListeners);
        if (anyListeners.Length > 0) NotifyAny(anyListeners, eventName, args);

        var middlewares = Volatile.Read(ref _middlewares);
        if (middlewares.Length == 0)
            Dispatch(eventName, args, ack);
        else
            TaskObserver.Observe(RunMiddlewaresAsync(middlewares, new SocketIOEvent(this, eventName, args, ack)), this, eventName);
    }

    private void OnRateLimited(EventRateLimiter limiter)
    {
        var options = Namespace.ServerImpl.Options;
        if (options.DisconnectOnRateLimit)
        {
            Internal.Log.RateLimitDisconnect(Logger, Id, Namespace.Name, options.MaxEventsPerSecond);
            TaskObserver.Observe(DisconnectAsync(), this, "disconnect");
            return;
        }
        var dropped = limiter.OnDropped();
        if (dropped > 0) Internal.Log.RateLimited(Logger, Id, Namespace.Name, options.MaxEventsPerSecond, dropped);
    }

    // No lambdas here: a closure over the event's locals would be allocated for every event, listeners or not.
    private void NotifyAny(Func<string, SocketIOArgs, Task>[] listeners, string eventName, SocketIOArgs args)
    {
        foreach (var listener in listeners)
        {
            try
            {
                TaskObserver.Observe(listener(eventName, args), this, eventName);
            }
            catch (Exception ex)
            {
                Internal.Log.EventHandlerFailed(Logger, eventName, Id, ex);
            }
        }
    }

    private async Task RunMiddlewaresAsync(Func<SocketIOEvent, Func<Task>, Task>[] middlewares, SocketIOEvent ev)
    {
        var reachedEnd = false;
        try
        {
            await Next(0).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RaiseError(ex, ev.Name);
            return;
        }
        if (reachedEnd && Volatile.Read(ref _state) == StateActive) Dispatch(ev.Name, ev.Args, ev.Ack);

        Task Next(int index)
        {
            if (index == middlewares.Length)
            {
                reachedEnd = true;
                return Task.CompletedTask;
            }
            return middlewares[index](ev, () => Next(index + 1));
        }
    }

    private void Dispatch(string eventName, SocketIOArgs args, SocketAck? ack)
    {
        foreach (var listener in Volatile.Read(ref _listeners).Find(eventName))
        {
            try
            {
                TaskObserver.Observe(listener.InvokeAsync(this, eventName, args, ack), this, eventName);
            }
            catch (Exception ex)
            {
                Internal.Log.EventHandlerFailed(Logger, eventName, Id, ex);
            }
        }
    }
}
