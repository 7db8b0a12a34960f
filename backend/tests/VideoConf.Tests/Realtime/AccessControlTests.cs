using System.Net;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Realtime;

/// <summary>The seeds' addAllowed/isAllowed, enforced from the stored participant list and the token.</summary>
public sealed class AccessControlTests : AppTest
{
    private async Task<string> RefusalAsync(string? token, string sessionId, string? claimedUserId = null, bool tokenInQuery = false)
    {
        var refused = await Assert.ThrowsAsync<ConnectRefusedException>(() =>
            VideoClient.ConnectAsync(App, token, sessionId, claimedUserId, tokenInQuery));
        return refused.Message;
    }

    [Fact]
    public async Task A_user_who_has_not_joined_is_forbidden_and_gets_no_events()
    {
        var c = await StartConferenceAsync();
        var outsider = await LoginAsync("Eve");

        Assert.Equal("forbidden", await RefusalAsync(outsider.Token, c.SessionId, outsider.Id));
        Assert.Equal("forbidden", await RefusalAsync(outsider.Token, "no-such-session", outsider.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/sessions/{c.SessionId}/resources")).StatusCode);
    }

    [Fact]
    public async Task Missing_or_invalid_tokens_are_unauthorized()
    {
        var c = await StartConferenceAsync();

        Assert.Equal("unauthorized", await RefusalAsync(null, c.SessionId, c.Participant.Id));
        Assert.Equal("unauthorized", await RefusalAsync(c.Participant.Token + "x", c.SessionId, c.Participant.Id));
        Assert.Equal("unauthorized", await RefusalAsync("not-a-jwt", c.SessionId));
    }

    [Fact]
    public async Task A_forged_user_id_is_refused()
    {
        var c = await StartConferenceAsync();
        var outsider = await LoginAsync("Mallory");

        // An outsider claiming to be the participant, and a member claiming to be someone else.
        Assert.Equal("forbidden", await RefusalAsync(outsider.Token, c.SessionId, c.Participant.Id));
        Assert.Equal("forbidden", await RefusalAsync(c.Participant.Token, c.SessionId, c.Coach.Id));
        Assert.Equal("unauthorized", await RefusalAsync(null, c.SessionId, c.Coach.Id));

        await c.Coach.UploadAsync(c.SessionId, "secret.txt", [1]);
        await SyncAsync(c.Coach, c.SessionId, c.ParticipantSocket);
        Assert.Single(c.ParticipantSocket.Received("resource-uploaded"));
    }

    [Fact]
    public async Task The_token_may_come_in_the_query_string()
    {
        var c = await StartConferenceAsync();
        await using var second = await VideoClient.ConnectAsync(App, c.Participant.Token, c.SessionId, tokenInQuery: true);
        await c.Coach.UploadAsync(c.SessionId, "q.txt", [1]);
        await second.WaitForAsync("resource-uploaded");
        Assert.DoesNotContain(App.Logs.RenderedWithProperties(), line => line.Contains(c.Participant.Token));
    }

    [Fact]
    public async Task Leaving_disconnects_the_users_sockets_and_revokes_access()
    {
        var c = await StartConferenceAsync();

        var session = await c.Participant.PostOkAsync($"/api/sessions/{c.SessionId}/leave");

        Assert.Equal("io server disconnect", await c.ParticipantSocket.Disconnected.WaitAsync(VideoClient.Timeout, Ct));
        Assert.Contains(session.GetProperty("participants").EnumerateArray(),
            p => p.GetProperty("userId").GetString() == c.Participant.Id && p.TryGetProperty("leftAt", out _));
        var left = await c.CoachSocket.WaitForAsync("participant-left");
        Assert.Equal(c.Participant.Id, left.GetProperty("userId").GetString());
        Assert.Equal("forbidden", await RefusalAsync(c.Participant.Token, c.SessionId, c.Participant.Id));

        await c.Coach.UploadAsync(c.SessionId, "after.txt", [1]);
        await SyncAsync(c.Coach, c.SessionId, c.CoachSocket);
        Assert.Empty(c.ParticipantSocket.Received("resource-uploaded"));
        Assert.Equal(HttpStatusCode.Forbidden, (await c.Participant.GetAsync($"/api/sessions/{c.SessionId}")).StatusCode);

        // Joining again restores access.
        await c.Participant.JoinAsync(c.SessionId);
        await using var back = await VideoClient.ConnectAsync(App, c.Participant.Token, c.SessionId, c.Participant.Id);
    }

    [Fact]
    public async Task Ending_the_session_notifies_and_disconnects_every_socket()
    {
        var c = await StartConferenceAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await c.Participant.PostAsync($"/api/sessions/{c.SessionId}/end")).StatusCode);
        var ended = await c.Coach.PostOkAsync($"/api/sessions/{c.SessionId}/end");

        Assert.Equal("ended", ended.GetProperty("status").GetString());
        foreach (var socket in new[] { c.CoachSocket, c.ParticipantSocket })
        {
            Assert.Equal(c.SessionId, Id(await socket.WaitForAsync("session-ended")));
            Assert.Equal("io server disconnect", await socket.Disconnected.WaitAsync(VideoClient.Timeout, Ct));
        }
        Assert.Equal("forbidden", await RefusalAsync(c.Participant.Token, c.SessionId, c.Participant.Id));
        Assert.Equal(HttpStatusCode.Conflict, (await c.Coach.PostAsync($"/api/sessions/{c.SessionId}/end")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await c.Participant.PostAsync($"/api/sessions/{c.SessionId}/join")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await c.Participant.PostAsync($"/api/sessions/{c.SessionId}/messages", new { text = "late" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.Participant.GetAsync($"/api/sessions/{c.SessionId}/messages")).StatusCode);
    }
}
