using VideoConf.Domain;

namespace VideoConf.Tests.Storage;

/// <summary>
/// The behaviour every store must have, run against each implementation (LiteDB always, MongoDB when a server is
/// available). The areas live in partial files next to this one.
/// </summary>
public abstract partial class RepositoryContract : IAsyncLifetime
{
    private StoreUnderTest? _store;

    /// <summary>Opens the store under test; may call <c>Assert.Skip</c> when its server is not available.</summary>
    internal abstract Task<StoreUnderTest> OpenAsync();

    /// <summary>Opens a second, independent handle on the same data (a restart, or another process).</summary>
    internal abstract Task<StoreUnderTest> OpenAgainAsync();

    internal StoreUnderTest Store => _store ?? throw new InvalidOperationException("The store is not open.");

    public async ValueTask InitializeAsync() => _store = await OpenAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static Session NewSession(string hostId = "host")
    {
        var now = Clock.UtcNow();
        return new Session
        {
            Id = Ids.New(),
            Title = "Algebra",
            HostId = hostId,
            CreatedAt = now,
            Participants = [new Participant { UserId = hostId, Name = "Host", Role = Roles.Coach, JoinedAt = now }],
        };
    }

    internal static Participant NewParticipant(string userId) =>
        new() { UserId = userId, Name = "User " + userId, Role = Roles.Participant, JoinedAt = Clock.UtcNow() };
}
