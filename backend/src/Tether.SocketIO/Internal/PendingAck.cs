namespace Tether.SocketIO.Internal;

/// <summary>An acknowledgement a socket waits for.</summary>
internal abstract class PendingAck
{
    public abstract void OnReply(SocketIOArgs args);

    public abstract void OnDisconnected(string reason);
}

/// <summary>One recipient's share of an acknowledged broadcast: the collector's timeout covers disconnects.</summary>
internal sealed class CallbackAck(Action<SocketIOArgs> callback) : PendingAck
{
    public override void OnReply(SocketIOArgs args) => callback(args);

    public override void OnDisconnected(string reason)
    {
    }
}

/// <summary>A single socket's <c>EmitWithAckAsync</c>.</summary>
internal sealed class TaskAck : PendingAck
{
    public TaskCompletionSource<SocketIOArgs> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void OnReply(SocketIOArgs args) => Completion.TrySetResult(args);

    public override void OnDisconnected(string reason) => Completion.TrySetException(new SocketIODisconnectedException(reason));
}
