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
}
