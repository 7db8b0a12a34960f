using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Embedded;

internal sealed class LitePollRepository(LiteStore store) : IPollRepository
{
    public Task AddAsync(Poll poll, CancellationToken ct = default)
    {
        store.Write(db => db.GetCollection<Poll>(LiteCollections.Polls).Insert(poll));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Poll>> ListAsync(string sessionId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Poll>>(store.Read(db => db.GetCollection<Poll>(LiteCollections.Polls)
            .Find(p => p.SessionId == sessionId)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .ToList()));

    public Task<Poll?> GetAsync(string sessionId, string pollId, CancellationToken ct = default) =>
        Task.FromResult(store.Read(db => Find(db.GetCollection<Poll>(LiteCollections.Polls), sessionId, pollId)));

    // Read, check and update inside one transaction: the shared-mode mutex makes it atomic across processes.
    public Task<VoteOutcome> VoteAsync(string sessionId, string pollId, string userId, int optionIndex, CancellationToken ct = default) =>
        Task.FromResult(store.Write(db =>
        {
            var polls = db.GetCollection<Poll>(LiteCollections.Polls);
            var poll = Find(polls, sessionId, pollId);
            if (poll is null) return new VoteOutcome(VoteStatus.PollNotFound);
            if (optionIndex < 0 || optionIndex >= poll.Options.Count) return new VoteOutcome(VoteStatus.InvalidOption, poll);
            if (poll.Voters.Contains(userId)) return new VoteOutcome(VoteStatus.AlreadyVoted, poll);

            poll.Options[optionIndex].Votes++;
            poll.Voters.Add(userId);
            polls.Update(poll);
            return new VoteOutcome(VoteStatus.Voted, poll);
        }));

    public Task<bool> DeleteAsync(string sessionId, string pollId, CancellationToken ct = default) =>
        Task.FromResult(store.Write(db =>
        {
            var polls = db.GetCollection<Poll>(LiteCollections.Polls);
            return Find(polls, sessionId, pollId) is not null && polls.Delete(pollId);
        }));

    private static Poll? Find(LiteDB.ILiteCollection<Poll> polls, string sessionId, string pollId)
    {
        var poll = polls.FindById(pollId);
        return poll?.SessionId == sessionId ? poll : null;
    }
}
