namespace Tether.SocketIO.Internal;

/// <summary>A registered event handler.</summary>
internal abstract class EventListener
{
    /// <summary>Runs the handler; returns its pending work (completed when it finished synchronously).</summary>
    public abstract ValueTask InvokeAsync(Socket socket, string eventName, SocketIOArgs args, SocketAck? ack);
}

/// <summary>A handler taking the raw arguments and the acknowledgement.</summary>
internal sealed class RawEventListener(Func<SocketIOArgs, SocketAck?, Task> handler) : EventListener
{
    public override ValueTask InvokeAsync(Socket socket, string eventName, SocketIOArgs args, SocketAck? ack)
        => new(handler(args, ack));
}
