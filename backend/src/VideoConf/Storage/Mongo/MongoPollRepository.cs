using MongoDB.Driver;
using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Mongo;

internal sealed class MongoPollRepository(MongoStore store) : IPollRepository
{
    private static readonly FilterDefinitionBuilder<Poll> Filter = Builders<Poll>.Filter;

    public Task AddAsync(Poll poll, CancellationToken ct = default) =>
        store.Polls.InsertOneAsync(poll, cancellationToken: ct);

    public async Task<IReadOnlyList<Poll>> ListAsync(string sessionId, CancellationToken ct = default) =>
        await store.Polls.Find(p => p.SessionId == sessionId)
            .SortBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .ToListAsync(ct);

    public async Task<Poll?> GetAsync(string sessionId, string pollId, CancellationToken ct = default) =>
        await store.Polls.Find(p => p.Id == pollId && p.SessionId == sessionId).FirstOrDefaultAsync(ct);

    public async Task<VoteOutcome> VoteAsync(string sessionId, string pollId, string userId, int optionIndex, CancellationToken ct = default)
    {
        if (optionIndex >= 0)
        {
            // One conditional update: it only matches while the user is not among the voters and the option
            // exists, and it bumps the count and records the voter together.
            var voted = await store.Polls.FindOneAndUpdateAsync(
                VoteFilter(sessionId, pollId, userId, optionIndex),
                VoteUpdate(userId, optionIndex),
                new FindOneAndUpdateOptions<Poll> { ReturnDocument = ReturnDocument.After }, ct);
            if (voted is not null) return new VoteOutcome(VoteStatus.Voted, voted);
        }

        // The update matched nothing: find out why.
        var poll = await GetAsync(sessionId, pollId, ct);
        if (poll is null) return new VoteOutcome(VoteStatus.PollNotFound);
        if (optionIndex < 0 || optionIndex >= poll.Options.Count) return new VoteOutcome(VoteStatus.InvalidOption, poll);
        return new VoteOutcome(VoteStatus.AlreadyVoted, poll);
    }

    /// <summary>Matches the poll only while the user has not voted (<c>voters $ne userId</c>) and the option exists.</summary>
    internal static FilterDefinition<Poll> VoteFilter(string sessionId, string pollId, string userId, int optionIndex) =>
        Filter.Eq(p => p.Id, pollId) & Filter.Eq(p => p.SessionId, sessionId)
        & Filter.AnyNe(p => p.Voters, userId)
        & Filter.Exists($"options.{optionIndex}");

    /// <summary>The count and the voter change in the same update (<c>$inc</c> + <c>$push</c>).</summary>
    internal static UpdateDefinition<Poll> VoteUpdate(string userId, int optionIndex) =>
        Builders<Poll>.Update.Inc($"options.{optionIndex}.votes", 1).Push(p => p.Voters, userId);

    public async Task<bool> DeleteAsync(string sessionId, string pollId, CancellationToken ct = default)
    {
        var result = await store.Polls.DeleteOneAsync(p => p.Id == pollId && p.SessionId == sessionId, ct);
        return result.DeletedCount > 0;
    }
}
