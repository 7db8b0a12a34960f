using VideoConf.Domain;

namespace VideoConf.Storage.Contract;

/// <summary>Sessions and their participant lists. Every change is a single atomic update in the store.</summary>
internal interface ISessionRepository
{
    Task CreateAsync(Session session, CancellationToken ct = default);

    Task<Session?> GetAsync(string sessionId, CancellationToken ct = default);

    /// <summary>
    /// Adds the participant, or re-admits them (new <c>joinedAt</c>, no <c>leftAt</c>) if they had left; a current
    /// participant is left as is. Returns the updated session, or null when it does not exist or is not active.
    /// </summary>
    Task<Session?> JoinAsync(string sessionId, Participant participant, CancellationToken ct = default);

    /// <summary>Marks a current participant as left; false when they were not a current participant.</summary>
    Task<bool> LeaveAsync(string sessionId, string userId, DateTime at, CancellationToken ct = default);

    /// <summary>Ends an active session; returns it when this call ended it, null when missing or already ended.</summary>
    Task<Session?> EndAsync(string sessionId, DateTime at, CancellationToken ct = default);
}
