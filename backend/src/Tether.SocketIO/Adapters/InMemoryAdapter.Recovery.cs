namespace Tether.SocketIO.Adapters;

public partial class InMemoryAdapter
{
    /// <inheritdoc />
    /// <remarks>Kept in this process for <see cref="ConnectionStateRecoveryOptions.MaxDisconnectionDuration"/>.</remarks>
    public override Task PersistSessionAsync(SessionToPersist session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Recovery?.Persist(session);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>A session is restored at most once; the packets come from this process's log.</remarks>
    public override Task<RecoveredSession?> RestoreSessionAsync(string pid, string offset)
    {
        ArgumentNullException.ThrowIfNull(pid);
        ArgumentNullException.ThrowIfNull(offset);
        return Task.FromResult(Recovery?.Restore(pid, offset));
    }

    /// <summary>
    /// Completes a session restored from this adapter's log once its socket is back in its rooms: its missed packets
    /// were computed before the namespace middleware ran, so what was logged since for its rooms (and could not reach
    /// it, not being in them yet) is added, oldest first. What is delivered from now on reaches the socket itself.
    /// No-op for a session from another store.
    /// </summary>
    /// <returns>
    /// The complete missed packets, or null when the log dropped some of them meanwhile (the socket cannot be
    /// recovered without loss).
    /// </returns>
    internal static IReadOnlyList<object?[]>? CatchUp(RecoveredSession session)
    {
        if (session.PendingRestore is not { } restore) return session.MissedPackets;
        var missed = session.MissedPackets as List<object?[]> ?? [.. session.MissedPackets];
        return restore.Store.CatchUp(restore, session.Rooms, missed) ? missed : null;
    }

    /// <summary>Ends the restore of <paramref name="session"/> when its socket does not connect after all.</summary>
    internal static void AbandonRestore(RecoveredSession session)
    {
        if (session.PendingRestore is { } restore) restore.Store.Abandon(restore);
    }
}
