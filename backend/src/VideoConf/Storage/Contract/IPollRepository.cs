using VideoConf.Domain;

namespace VideoConf.Storage.Contract;

internal interface IPollRepository
{
    Task AddAsync(Poll poll, CancellationToken ct = default);

    /// <summary>The session's polls, oldest first.</summary>
    Task<IReadOnlyList<Poll>> ListAsync(string sessionId, CancellationToken ct = default);

    Task<Poll?> GetAsync(string sessionId, string pollId, CancellationToken ct = default);

    /// <summary>
    /// Counts one vote. The "has not voted yet" check, the count increment and the voter append happen in one
    /// atomic step, so concurrent votes (from any number of processes) are all counted and never doubled.
    /// </summary>
    Task<VoteOutcome> VoteAsync(string sessionId, string pollId, string userId, int optionIndex, CancellationToken ct = default);

    /// <summary>True when this call removed the poll.</summary>
    Task<bool> DeleteAsync(string sessionId, string pollId, CancellationToken ct = default);
}
