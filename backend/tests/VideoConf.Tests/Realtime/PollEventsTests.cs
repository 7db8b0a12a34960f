using System.Net;
using System.Text.Json;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Realtime;

public sealed class PollEventsTests : AppTest
{
    private static async Task<JsonElement> CreatePollAsync(Conference c, string question = "Best?") =>
        (await c.Coach.PostOkAsync($"/api/sessions/{c.SessionId}/polls", new { type = "multiple", question, options = new[] { "A", "B", "C" } }))
        .GetProperty("poll");

    [Fact]
    public async Task Create_vote_and_delete_each_emit_once()
    {
        var c = await StartConferenceAsync();

        var poll = await CreatePollAsync(c);
        var pollId = Id(poll);
        Assert.Equal([0, 0, 0], poll.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));
        var created = await c.ParticipantSocket.WaitForAsync("poll-created");
        Assert.Equal(pollId, Id(created));
        Assert.Equal("Best?", created.GetProperty("question").GetString());

        var voted = (await c.Participant.PostOkAsync($"/api/sessions/{c.SessionId}/polls/{pollId}/vote", new { optionIndex = 1 })).GetProperty("poll");
        Assert.Equal(1, voted.GetProperty("options")[1].GetProperty("votes").GetInt32());
        Assert.Equal([c.Participant.Id], voted.GetProperty("voters").EnumerateArray().Select(v => v.GetString()));
        var votedEvent = await c.CoachSocket.WaitForAsync("poll-voted");
        Assert.Equal(1, votedEvent.GetProperty("options")[1].GetProperty("votes").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await c.Coach.DeleteAsync($"/api/sessions/{c.SessionId}/polls/{pollId}")).StatusCode);
        var deleted = await c.ParticipantSocket.WaitForAsync("poll-deleted");
        Assert.Equal(c.SessionId, deleted.GetProperty("sessionId").GetString());

        await SyncAsync(c.Coach, c.SessionId, c.CoachSocket, c.ParticipantSocket);
        foreach (var socket in new[] { c.CoachSocket, c.ParticipantSocket })
        {
            Assert.Equal(1, CountWithId(socket, "poll-created", pollId));
            Assert.Equal(1, CountWithId(socket, "poll-voted", pollId));
            Assert.Equal(1, CountWithId(socket, "poll-deleted", pollId));
        }
        Assert.Empty((await c.Participant.GetOkAsync($"/api/sessions/{c.SessionId}/polls")).EnumerateArray());
    }

    [Fact]
    public async Task The_initial_list_equals_what_was_stored()
    {
        var c = await StartConferenceAsync();
        var first = Id(await CreatePollAsync(c, "One?"));
        var second = Id(await CreatePollAsync(c, "Two?"));
        await c.Participant.PostOkAsync($"/api/sessions/{c.SessionId}/polls/{first}/vote", new { optionIndex = 2 });

        var list = await c.Participant.GetOkAsync($"/api/sessions/{c.SessionId}/polls");

        Assert.Equal([first, second], list.EnumerateArray().Select(Id));
        Assert.Equal(1, list[0].GetProperty("options")[2].GetProperty("votes").GetInt32());
        Assert.Equal(c.Coach.Id, list[1].GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task Concurrent_votes_by_many_users_are_all_counted_and_each_emitted()
    {
        var c = await StartConferenceAsync();
        var pollId = Id(await CreatePollAsync(c));
        var voters = await Task.WhenAll(Enumerable.Range(0, 25).Select(async i =>
        {
            var user = await LoginAsync($"Voter {i}");
            await user.JoinAsync(c.SessionId);
            return user;
        }));

        var responses = await Task.WhenAll(voters.Select((v, i) => v.PostAsync($"/api/sessions/{c.SessionId}/polls/{pollId}/vote", new { optionIndex = i % 3 })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var stored = (await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}/polls"))[0];
        Assert.Equal([9, 8, 8], stored.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));
        Assert.Equal(voters.Select(v => v.Id).Order(), stored.GetProperty("voters").EnumerateArray().Select(v => v.GetString()!).Order());

        await SyncAsync(c.Coach, c.SessionId, c.ParticipantSocket);
        Assert.Equal(25, CountWithId(c.ParticipantSocket, "poll-voted", pollId));
        Assert.Contains(c.ParticipantSocket.Received("poll-voted"), p => p.GetProperty("voters").GetArrayLength() == 25);
    }
}
