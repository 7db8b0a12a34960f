using System.Net;
using System.Text.Json;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Security;

/// <summary>
/// Hole 5: coach-only and host-only actions refused with 403 for everyone else, with nothing stored changing and no
/// event going out. Each test snapshots what is stored (lists, session, files on disk) and compares after.
/// </summary>
public sealed class RoleEnforcementTests : SecurityTest
{
    private string UploadsFolder => Path.Combine(Data.Path, "uploads");

    private static readonly string[] MutationEvents = ["resource-uploaded", "resource-deleted", "poll-created", "poll-voted", "poll-deleted", "session-ended"];

    private sealed record Snapshot(string Session, string Resources, string Polls, string Messages, string[] Files, int[] EventCounts);

    private static int[] EventCounts(Conference c) =>
        [.. new[] { c.CoachSocket, c.ParticipantSocket }.SelectMany(socket => MutationEvents.Select(name => socket.Received(name).Count))];

    private async Task<Snapshot> SnapshotAsync(Conference c)
    {
        var session = await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}");
        var files = Directory.Exists(UploadsFolder) ? Directory.GetFiles(UploadsFolder).Order().ToArray() : [];
        return new Snapshot(
            session.GetRawText(),
            (await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}/resources")).GetRawText(),
            (await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}/polls")).GetRawText(),
            (await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}/messages")).GetRawText(),
            files,
            EventCounts(c));
    }

    private async Task AssertUnchangedAsync(Conference c, Snapshot before)
    {
        var after = await SnapshotAsync(c);
        Assert.Equal(before.Session, after.Session);
        Assert.Equal(before.Resources, after.Resources);
        Assert.Equal(before.Polls, after.Polls);
        Assert.Equal(before.Messages, after.Messages);
        Assert.Equal(before.Files, after.Files);
    }

    /// <summary>No mutation event reached the session's sockets since the snapshot (proven with a marker sent afterwards).</summary>
    private static async Task AssertNoEventsAsync(Conference c, Snapshot before)
    {
        await SyncAsync(c.Coach, c.SessionId, c.CoachSocket, c.ParticipantSocket);
        Assert.Equal(before.EventCounts, EventCounts(c));
        Assert.False(c.ParticipantSocket.Disconnected.IsCompleted);
        Assert.False(c.CoachSocket.Disconnected.IsCompleted);
    }

    private static async Task AssertForbiddenAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
            $"Expected 403, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> UploadOkAsync(Conference c) =>
        Id(await TestUser.ReadOkAsync(await c.Coach.UploadAsync(c.SessionId, "notes.txt", "hello"u8.ToArray())));

    private static async Task<string> CreatePollOkAsync(Conference c) =>
        Id((await c.Coach.PostOkAsync($"/api/sessions/{c.SessionId}/polls", new { question = "Q?", options = new[] { "a", "b" } })).GetProperty("poll"));

    /// <summary>Drains the events of the setup so that only what the refused request might cause is counted.</summary>
    private static async Task<Conference> SettledAsync(Conference c, int resources, int polls)
    {
        foreach (var socket in new[] { c.CoachSocket, c.ParticipantSocket })
        {
            if (resources > 0) await socket.WaitForAsync("resource-uploaded");
            if (polls > 0) await socket.WaitForAsync("poll-created");
        }
        return c;
    }

    [Fact]
    public async Task A_participant_cannot_upload_a_resource()
    {
        var c = await StartConferenceAsync();
        var before = await SnapshotAsync(c);

        await AssertForbiddenAsync(await c.Participant.UploadAsync(c.SessionId, "mine.txt", "x"u8.ToArray()));

        await AssertUnchangedAsync(c, before);
        await AssertNoEventsAsync(c, before);
    }

    [Fact]
    public async Task A_participant_cannot_delete_a_resource()
    {
        var c = await StartConferenceAsync();
        var resourceId = await UploadOkAsync(c);
        await SettledAsync(c, 1, 0);
        var before = await SnapshotAsync(c);

        await AssertForbiddenAsync(await c.Participant.DeleteAsync($"/api/sessions/{c.SessionId}/resources/{resourceId}"));

        await AssertUnchangedAsync(c, before);
        Assert.Single(before.Files);
        await AssertNoEventsAsync(c, before);
        Assert.Equal(HttpStatusCode.OK, (await c.Participant.GetAsync($"/api/sessions/{c.SessionId}/resources/{resourceId}/download")).StatusCode);
    }

    [Fact]
    public async Task A_participant_cannot_create_a_poll()
    {
        var c = await StartConferenceAsync();
        var before = await SnapshotAsync(c);

        await AssertForbiddenAsync(await c.Participant.PostAsync($"/api/sessions/{c.SessionId}/polls", new { question = "Mine?", options = new[] { "y", "n" } }));

        await AssertUnchangedAsync(c, before);
        await AssertNoEventsAsync(c, before);
    }

    [Fact]
    public async Task A_participant_cannot_delete_a_poll()
    {
        var c = await StartConferenceAsync();
        var pollId = await CreatePollOkAsync(c);
        await SettledAsync(c, 0, 1);
        var before = await SnapshotAsync(c);

        await AssertForbiddenAsync(await c.Participant.DeleteAsync($"/api/sessions/{c.SessionId}/polls/{pollId}"));

        await AssertUnchangedAsync(c, before);
        await AssertNoEventsAsync(c, before);
    }

    [Fact]
    public async Task A_participant_cannot_end_the_session()
    {
        var c = await StartConferenceAsync();
        var before = await SnapshotAsync(c);

        await AssertForbiddenAsync(await c.Participant.PostAsync($"/api/sessions/{c.SessionId}/end"));

        await AssertUnchangedAsync(c, before);
        await AssertNoEventsAsync(c, before);
    }

    [Fact]
    public async Task A_coach_who_is_not_the_host_cannot_end_the_session_whether_joined_or_not()
    {
        var c = await StartConferenceAsync();
        var joinedCoach = await LoginAsync("Co-coach", "coach");
        await joinedCoach.JoinAsync(c.SessionId);
        var outsideCoach = await LoginAsync("Other coach", "coach");
        var before = await SnapshotAsync(c);

        await AssertForbiddenAsync(await joinedCoach.PostAsync($"/api/sessions/{c.SessionId}/end"));
        await AssertForbiddenAsync(await outsideCoach.PostAsync($"/api/sessions/{c.SessionId}/end"));

        await AssertUnchangedAsync(c, before);
        await AssertNoEventsAsync(c, before);
        Assert.Equal("active", (await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_coach_who_is_not_a_member_cannot_touch_resources_or_polls()
    {
        var c = await StartConferenceAsync();
        var resourceId = await UploadOkAsync(c);
        var pollId = await CreatePollOkAsync(c);
        await SettledAsync(c, 1, 1);
        var outsider = await LoginAsync("Outside coach", "coach");
        var before = await SnapshotAsync(c);

        await AssertForbiddenAsync(await outsider.UploadAsync(c.SessionId, "in.txt", "x"u8.ToArray()));
        await AssertForbiddenAsync(await outsider.DeleteAsync($"/api/sessions/{c.SessionId}/resources/{resourceId}"));
        await AssertForbiddenAsync(await outsider.PostAsync($"/api/sessions/{c.SessionId}/polls", new { question = "Q?", options = new[] { "a", "b" } }));
        await AssertForbiddenAsync(await outsider.DeleteAsync($"/api/sessions/{c.SessionId}/polls/{pollId}"));

        await AssertUnchangedAsync(c, before);
        await AssertNoEventsAsync(c, before);
    }

    [Fact]
    public async Task A_host_cannot_reach_another_sessions_resources_or_polls_through_their_own_session()
    {
        var victim = await StartConferenceAsync();
        var resourceId = await UploadOkAsync(victim);
        var pollId = await CreatePollOkAsync(victim);
        await SettledAsync(victim, 1, 1);
        var attacker = await StartConferenceAsync();
        var before = await SnapshotAsync(victim);

        var own = attacker.SessionId;
        Assert.Equal(HttpStatusCode.NotFound, (await attacker.Coach.DeleteAsync($"/api/sessions/{own}/resources/{resourceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await attacker.Coach.GetAsync($"/api/sessions/{own}/resources/{resourceId}/download")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await attacker.Coach.DeleteAsync($"/api/sessions/{own}/polls/{pollId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await attacker.Participant.PostAsync($"/api/sessions/{own}/polls/{pollId}/vote", new { optionIndex = 0 })).StatusCode);

        await AssertUnchangedAsync(victim, before);
        await AssertNoEventsAsync(victim, before);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(before.Polls).RootElement.ValueKind);
        Assert.Empty((await victim.Coach.GetOkAsync($"/api/sessions/{victim.SessionId}/polls"))[0].GetProperty("voters").EnumerateArray());
    }
}
