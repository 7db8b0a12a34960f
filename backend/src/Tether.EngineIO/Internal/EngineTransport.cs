namespace Tether.EngineIO.Internal;

/// <summary>What an <see cref="EngineSession"/> needs from the transport that currently carries it.</summary>
internal abstract class EngineTransport
{
    public abstract string Name { get; }

    /// <summary>A lock-free hint: would a packet queued now be written right away?</summary>
    public abstract bool IsWritable { get; }

    /// <summary>
    /// Called with the session lock held after packets were queued. Returns true when <see cref="Wake"/> must be
    /// called (after releasing the lock) to get them written; marking "write scheduled" here keeps it to one lock
    /// acquisition per send.
    /// </summary>
    public abstract bool OnQueued_NoLock();

    /// <summary>Starts the writer (WebSocket) or releases the waiting GET (polling).</summary>
    public abstract void Wake();

    /// <summary>
    /// The session closed. For a graceful reason the queued packets are still there and must be flushed before the
    /// transport closes; otherwise the queue was cleared.
    /// </summary>
    public abstract void OnSessionClosed(EngineCloseReason reason);
}
