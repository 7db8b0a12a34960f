using VideoConf.Domain;

namespace VideoConf.Tests.Storage;

public abstract partial class RepositoryContract
{
    internal static Poll NewPoll(string sessionId, int options = 3) => new()
    {
        Id = Ids.New(),
        SessionId = sessionId,
        Type = "multiple",
        Question = "Which?",
        Options = Enumerable.Range(0, options).Select(i => new PollOption { Text = $"Option {i}" }).ToList(),
        CreatedBy = "host",
        CreatedAt = Clock.UtcNow(),
    };

    [Fact]
    public async Task Vote_counts_once_per_user()
    {
        var poll = NewPoll("s1");
        await Store.Polls.AddAsync(poll, Ct);

        var first = await Store.Polls.VoteAsync("s1", poll.Id, "u1", 1, Ct);
        Assert.Equal(VoteStatus.Voted, first.Status);
        Assert.Equal(1, first.Poll!.Options[1].Votes);
        Assert.Equal(["u1"], first.Poll.Voters);

        var second = await Store.Polls.VoteAsync("s1", poll.Id, "u1", 2, Ct);
        Assert.Equal(VoteStatus.AlreadyVoted, second.Status);

        var stored = await Store.Polls.GetAsync("s1", poll.Id, Ct);
        Assert.Equal([0, 1, 0], stored!.Options.Select(o => o.Votes));
        Assert.Equal(["u1"], stored.Voters);
    }

    [Fact]
    public async Task Vote_rejects_unknown_polls_and_options()
    {
        var poll = NewPoll("s1", options: 2);
        await Store.Polls.AddAsync(poll, Ct);

        Assert.Equal(VoteStatus.PollNotFound, (await Store.Polls.VoteAsync("s1", Ids.New(), "u1", 0, Ct)).Status);
        Assert.Equal(VoteStatus.PollNotFound, (await Store.Polls.VoteAsync("s2", poll.Id, "u1", 0, Ct)).Status);
        Assert.Equal(VoteStatus.InvalidOption, (await Store.Polls.VoteAsync("s1", poll.Id, "u1", 2, Ct)).Status);
        Assert.Equal(VoteStatus.InvalidOption, (await Store.Polls.VoteAsync("s1", poll.Id, "u1", -1, Ct)).Status);
        Assert.Empty((await Store.Polls.GetAsync("s1", poll.Id, Ct))!.Voters);
    }

    [Fact]
    public async Task Concurrent_votes_of_many_users_are_all_counted()
    {
        var poll = NewPoll("s1");
        await Store.Polls.AddAsync(poll, Ct);

        var users = Enumerable.Range(0, 60).Select(i => $"u{i}").ToList();
        var outcomes = await Task.WhenAll(users.Select((u, i) => Task.Run(() => Store.Polls.VoteAsync("s1", poll.Id, u, i % 3, Ct), Ct)));

        Assert.All(outcomes, o => Assert.Equal(VoteStatus.Voted, o.Status));
        var stored = await Store.Polls.GetAsync("s1", poll.Id, Ct);
        Assert.Equal([20, 20, 20], stored!.Options.Select(o => o.Votes));
        Assert.Equal(users.Order(), stored.Voters.Order());
    }

    [Fact]
    public async Task Concurrent_votes_of_one_user_count_once()
    {
        var poll = NewPoll("s1");
        await Store.Polls.AddAsync(poll, Ct);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => Store.Polls.VoteAsync("s1", poll.Id, "same", i % 3, Ct), Ct)));

        Assert.Single(outcomes, o => o.Status == VoteStatus.Voted);
        var stored = await Store.Polls.GetAsync("s1", poll.Id, Ct);
        Assert.Equal(1, stored!.Options.Sum(o => o.Votes));
        Assert.Equal(["same"], stored.Voters);
    }

    [Fact]
    public async Task Polls_list_in_creation_order_and_delete_once()
    {
        var first = NewPoll("s1");
        var second = NewPoll("s1");
        second.CreatedAt = first.CreatedAt.AddSeconds(1);
        await Store.Polls.AddAsync(second, Ct);
        await Store.Polls.AddAsync(first, Ct);
        await Store.Polls.AddAsync(NewPoll("s2"), Ct);

        Assert.Equal([first.Id, second.Id], (await Store.Polls.ListAsync("s1", Ct)).Select(p => p.Id));

        Assert.False(await Store.Polls.DeleteAsync("s2", first.Id, Ct));
        Assert.True(await Store.Polls.DeleteAsync("s1", first.Id, Ct));
        Assert.False(await Store.Polls.DeleteAsync("s1", first.Id, Ct));
        Assert.Equal([second.Id], (await Store.Polls.ListAsync("s1", Ct)).Select(p => p.Id));
    }
}
