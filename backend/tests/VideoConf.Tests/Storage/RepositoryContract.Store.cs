namespace VideoConf.Tests.Storage;

public abstract partial class RepositoryContract
{
    [Fact]
    public async Task Store_reports_healthy()
    {
        var result = await Store.Health.CheckAsync(Ct);
        Assert.True(result.Ok);
        Assert.Equal("store", Store.Health.Name);
    }

    [Fact]
    public async Task A_second_handle_sees_the_data_and_votes_stay_atomic_across_handles()
    {
        var session = NewSession();
        await Store.Sessions.CreateAsync(session, Ct);
        var poll = NewPoll(session.Id);
        await Store.Polls.AddAsync(poll, Ct);
        await Store.Messages.AddAsync(NewMessage(session.Id, "u1", "before"), Ct);

        await using var other = await OpenAgainAsync();
        Assert.Equal(session.Title, (await other.Sessions.GetAsync(session.Id, Ct))?.Title);

        // Two handles voting at once stand for two server processes sharing the store.
        var votes = Enumerable.Range(0, 40).Select(i =>
        {
            var store = i % 2 == 0 ? Store : other;
            return Task.Run(() => store.Polls.VoteAsync(session.Id, poll.Id, $"u{i}", 0, Ct), Ct);
        });
        await Task.WhenAll(votes);
        var sent = await other.Messages.AddAsync(NewMessage(session.Id, "u2", "after"), Ct);

        var stored = await Store.Polls.GetAsync(session.Id, poll.Id, Ct);
        Assert.Equal(40, stored!.Options[0].Votes);
        Assert.Equal(40, stored.Voters.Distinct().Count());
        Assert.Equal(2, sent.Message.Seq);
    }
}
