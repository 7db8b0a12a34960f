using VideoConf.Domain;

namespace VideoConf.Tests.Storage;

public abstract partial class RepositoryContract
{
    internal static ChatMessage NewMessage(string sessionId, string userId, string text, string? clientId = null) => new()
    {
        Id = Ids.New(),
        SessionId = sessionId,
        UserId = userId,
        UserName = "User " + userId,
        Text = text,
        ClientId = clientId,
        CreatedAt = Clock.UtcNow(),
    };

    [Fact]
    public async Task Messages_get_consecutive_sequence_numbers_per_session()
    {
        var a1 = await Store.Messages.AddAsync(NewMessage("s1", "u1", "a1"), Ct);
        var b1 = await Store.Messages.AddAsync(NewMessage("s2", "u1", "b1"), Ct);
        var a2 = await Store.Messages.AddAsync(NewMessage("s1", "u2", "a2"), Ct);

        Assert.Equal((1, 1, 2), (a1.Message.Seq, b1.Message.Seq, a2.Message.Seq));
        Assert.True(a1.Created && b1.Created && a2.Created);
    }

    [Fact]
    public async Task A_repeated_client_id_returns_the_stored_message()
    {
        var first = await Store.Messages.AddAsync(NewMessage("s1", "u1", "hello", clientId: "c-1"), Ct);
        var again = await Store.Messages.AddAsync(NewMessage("s1", "u1", "hello (retry)", clientId: "c-1"), Ct);
        var otherUser = await Store.Messages.AddAsync(NewMessage("s1", "u2", "mine", clientId: "c-1"), Ct);
        var otherSession = await Store.Messages.AddAsync(NewMessage("s2", "u1", "there", clientId: "c-1"), Ct);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Message.Id, again.Message.Id);
        Assert.Equal("hello", again.Message.Text);
        Assert.True(otherUser.Created);
        Assert.True(otherSession.Created);
        Assert.Equal(2, (await Store.Messages.ListAsync("s1", null, 50, Ct)).Count);
    }

    [Fact]
    public async Task Concurrent_sends_get_unique_sequence_numbers_and_duplicates_store_once()
    {
        var distinct = Enumerable.Range(0, 30).Select(i => NewMessage("s1", "u1", $"m{i}", clientId: $"c{i}"));
        var duplicates = Enumerable.Range(0, 10).Select(i => NewMessage("s1", "u2", $"dup{i}", clientId: "same"));

        var results = await Task.WhenAll(distinct.Concat(duplicates).Select(m => Task.Run(() => Store.Messages.AddAsync(m, Ct), Ct)));

        Assert.Equal(31, results.Count(r => r.Created));
        Assert.Single(results.Where(r => r.Message.ClientId == "same").Select(r => r.Message.Id).Distinct());
        var stored = await Store.Messages.ListAsync("s1", null, 200, Ct);
        Assert.Equal(31, stored.Count);
        Assert.Equal(stored.Count, stored.Select(m => m.Seq).Distinct().Count());
    }

    [Fact]
    public async Task History_pages_backwards_oldest_first()
    {
        for (var i = 1; i <= 7; i++) await Store.Messages.AddAsync(NewMessage("s1", "u1", $"m{i}"), Ct);

        var latest = await Store.Messages.ListAsync("s1", null, 3, Ct);
        Assert.Equal(["m5", "m6", "m7"], latest.Select(m => m.Text));

        var before = await Store.Messages.ListAsync("s1", latest[0].Seq, 3, Ct);
        Assert.Equal(["m2", "m3", "m4"], before.Select(m => m.Text));

        var first = await Store.Messages.ListAsync("s1", before[0].Seq, 3, Ct);
        Assert.Equal(["m1"], first.Select(m => m.Text));
        Assert.Empty(await Store.Messages.ListAsync("s1", 1, 3, Ct));
    }
}
