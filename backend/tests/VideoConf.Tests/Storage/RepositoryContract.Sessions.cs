using VideoConf.Domain;

namespace VideoConf.Tests.Storage;

public abstract partial class RepositoryContract
{
    [Fact]
    public async Task Session_round_trips_with_utc_times()
    {
        var session = NewSession();
        await Store.Sessions.CreateAsync(session, Ct);

        var read = await Store.Sessions.GetAsync(session.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal(session.Title, read.Title);
        Assert.Equal(session.HostId, read.HostId);
        Assert.Equal(SessionStatus.Active, read.Status);
        Assert.Equal(session.CreatedAt, read.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
        var host = Assert.Single(read.Participants);
        Assert.Equal(session.Participants[0].JoinedAt, host.JoinedAt);
        Assert.Null(host.LeftAt);
    }

    [Fact]
    public async Task Unknown_session_is_null()
    {
        Assert.Null(await Store.Sessions.GetAsync(Ids.New(), Ct));
        Assert.Null(await Store.Sessions.JoinAsync(Ids.New(), NewParticipant("u1"), Ct));
        Assert.False(await Store.Sessions.LeaveAsync(Ids.New(), "u1", Clock.UtcNow(), Ct));
        Assert.Null(await Store.Sessions.EndAsync(Ids.New(), Clock.UtcNow(), Ct));
    }

    [Fact]
    public async Task Join_is_idempotent_and_leave_then_rejoin_readmits()
    {
        var session = NewSession();
        await Store.Sessions.CreateAsync(session, Ct);

        await Store.Sessions.JoinAsync(session.Id, NewParticipant("u1"), Ct);
        var twice = await Store.Sessions.JoinAsync(session.Id, NewParticipant("u1"), Ct);
        Assert.NotNull(twice);
        Assert.Equal(2, twice.Participants.Count);
        Assert.True(twice.HasActiveParticipant("u1"));

        Assert.True(await Store.Sessions.LeaveAsync(session.Id, "u1", Clock.UtcNow(), Ct));
        Assert.False(await Store.Sessions.LeaveAsync(session.Id, "u1", Clock.UtcNow(), Ct));
        var left = await Store.Sessions.GetAsync(session.Id, Ct);
        Assert.False(left!.HasActiveParticipant("u1"));
        Assert.NotNull(left.Participants.Single(p => p.UserId == "u1").LeftAt);

        var back = await Store.Sessions.JoinAsync(session.Id, NewParticipant("u1"), Ct);
        Assert.True(back!.HasActiveParticipant("u1"));
        Assert.Equal(2, back.Participants.Count);
        Assert.True((await Store.Sessions.GetAsync(session.Id, Ct))!.HasActiveParticipant("u1"));
    }

    [Fact]
    public async Task End_happens_once_and_closes_the_session_to_joins()
    {
        var session = NewSession();
        await Store.Sessions.CreateAsync(session, Ct);

        var ended = await Store.Sessions.EndAsync(session.Id, Clock.UtcNow(), Ct);
        Assert.NotNull(ended);
        Assert.Equal(SessionStatus.Ended, ended.Status);
        Assert.NotNull(ended.EndedAt);

        Assert.Null(await Store.Sessions.EndAsync(session.Id, Clock.UtcNow(), Ct));
        Assert.Null(await Store.Sessions.JoinAsync(session.Id, NewParticipant("late"), Ct));
        Assert.Equal(SessionStatus.Ended, (await Store.Sessions.GetAsync(session.Id, Ct))!.Status);
    }

    [Fact]
    public async Task Concurrent_joins_are_all_kept()
    {
        var session = NewSession();
        await Store.Sessions.CreateAsync(session, Ct);

        var users = Enumerable.Range(0, 20).Select(i => $"u{i}").ToList();
        await Task.WhenAll(users.Select(u => Task.Run(() => Store.Sessions.JoinAsync(session.Id, NewParticipant(u), Ct), Ct)));

        var read = await Store.Sessions.GetAsync(session.Id, Ct);
        Assert.All(users, u => Assert.True(read!.HasActiveParticipant(u)));
        Assert.Equal(users.Count + 1, read!.Participants.Count);
    }
}
