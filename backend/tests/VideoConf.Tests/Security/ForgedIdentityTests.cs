using System.Net;
using System.Text.Json;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Security;

/// <summary>
/// Hole 3: the server trusts the token, never a user id (or name) the client claims, in the handshake or in a payload.
/// </summary>
public sealed class ForgedIdentityTests : SecurityTest
{
    [Fact]
    public async Task A_forged_user_id_in_the_query_or_the_auth_never_becomes_the_sockets_identity()
    {
        var c = await StartConferenceAsync();

        // Another member's id in the query: refused.
        var viaQuery = await Assert.ThrowsAsync<ConnectRefusedException>(() => VideoClient.ConnectAsync(App, c.Participant.Token, c.SessionId, c.Coach.Id));
        Assert.Equal("forbidden", viaQuery.Message);

        // In the auth (next to the real token): refused as well, or connected as the token's user; never as the coach.
        VideoClient? viaAuth = null;
        try
        {
            viaAuth = await VideoClient.ConnectAsync(App, c.Participant.Token, c.SessionId,
                auth: new { token = c.Participant.Token, userId = c.Coach.Id, userName = "Coach", role = "coach" });
        }
        catch (ConnectRefusedException refused)
        {
            Assert.Equal("forbidden", refused.Message);
        }

        if (viaAuth is not null)
        {
            await using (viaAuth)
            {
                var joined = await c.CoachSocket.WaitForAsync("participant-joined", p => p.GetProperty("socketId").GetString() == viaAuth.Id);
                Assert.Equal(c.Participant.Id, joined.GetProperty("userId").GetString());
                Assert.Equal("Pat", joined.GetProperty("name").GetString());
                Assert.Equal("participant", joined.GetProperty("role").GetString());
            }
        }

        // The coach's sockets (room of the coach's user) never got a second member.
        var io = App.Services.GetService(typeof(Tether.SocketIO.ISocketIOServer)) as Tether.SocketIO.ISocketIOServer;
        var coachSockets = await io!.Of("/video").In($"session:{c.SessionId}:user:{c.Coach.Id}").FetchSocketsAsync();
        Assert.Equal([c.CoachSocket.Id], coachSockets.Select(x => x.Id));
    }

    [Fact]
    public async Task A_chat_message_with_a_forged_user_carries_the_tokens_user_in_the_ack_the_event_and_the_store()
    {
        var c = await StartConferenceAsync();

        var ack = await c.ParticipantSocket.EmitWithAckAsync("chat-message",
            new { text = "I am the coach", clientId = "forged-1", userId = c.Coach.Id, userName = "Coach", sessionId = c.SessionId, _id = "x", seq = 99 });

        Assert.True(ack.GetProperty("ok").GetBoolean());
        AssertFromParticipant(c, ack.GetProperty("message"));
        AssertFromParticipant(c, await c.CoachSocket.WaitForAsync("chat-message-added", m => m.GetProperty("clientId").GetString() == "forged-1"));
        var stored = Assert.Single((await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}/messages")).EnumerateArray());
        AssertFromParticipant(c, stored);
        Assert.NotEqual("x", Id(stored));
        Assert.Equal(1, stored.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task A_rest_message_with_a_forged_user_carries_the_tokens_user()
    {
        var c = await StartConferenceAsync();

        var created = await c.Participant.PostOkAsync($"/api/sessions/{c.SessionId}/messages",
            new { text = "REST forgery", clientId = "forged-2", userId = c.Coach.Id, userName = "Coach" });

        AssertFromParticipant(c, created);
        AssertFromParticipant(c, await c.CoachSocket.WaitForAsync("chat-message-added", m => m.GetProperty("clientId").GetString() == "forged-2"));
        AssertFromParticipant(c, Assert.Single((await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}/messages")).EnumerateArray()));
    }

    [Fact]
    public async Task Relayed_events_with_a_forged_user_carry_the_tokens_user()
    {
        var c = await StartConferenceAsync();
        var forged = new { userId = c.Coach.Id, name = "Coach", from = c.CoachSocket.Id, fromUserId = c.Coach.Id };
        var p = c.ParticipantSocket;

        await p.EmitAsync("typing", new { isTyping = true, forged.userId, forged.name });
        await p.EmitAsync("raise-hand", new { raised = true, forged.userId });
        await p.EmitAsync("code_change", new { code = "x", language = "js", forged.userId });
        await p.EmitAsync("cursor-update", new { line = 3, column = 4, forged.userId });
        await p.EmitAsync("activity-status", new { isActive = false, forged.userId });
        await p.EmitAsync("signal", new { to = c.CoachSocket.Id, data = new { type = "offer" }, forged.from, forged.fromUserId, forged.userId });

        var coach = c.CoachSocket;
        var typing = await coach.WaitForAsync("typing");
        Assert.Equal(c.Participant.Id, typing.GetProperty("userId").GetString());
        Assert.Equal("Pat", typing.GetProperty("name").GetString());
        Assert.Equal(c.Participant.Id, (await coach.WaitForAsync("hand-raised")).GetProperty("userId").GetString());
        Assert.Equal(c.Participant.Id, (await coach.WaitForAsync("code_change")).GetProperty("userId").GetString());
        Assert.Equal(c.Participant.Id, (await coach.WaitForAsync("cursor-moved")).GetProperty("userId").GetString());
        Assert.Equal(c.Participant.Id, (await coach.WaitForAsync("user-activity-changed")).GetProperty("userId").GetString());
        var signal = await coach.WaitForAsync("signal");
        Assert.Equal(p.Id, signal.GetProperty("from").GetString());
        Assert.Equal(c.Participant.Id, signal.GetProperty("fromUserId").GetString());

        // The participant list the server keeps agrees: the hand is the participant's, the coach's is down.
        var late = await ConnectAsync(c.Coach, c.SessionId);
        var list = await late.WaitForAsync("participants");
        Assert.True(list.EnumerateArray().Single(x => x.GetProperty("socketId").GetString() == p.Id).GetProperty("handRaised").GetBoolean());
        Assert.False(list.EnumerateArray().Single(x => x.GetProperty("socketId").GetString() == coach.Id).GetProperty("handRaised").GetBoolean());
    }

    [Fact]
    public async Task A_vote_with_a_forged_user_counts_for_the_tokens_user()
    {
        var c = await StartConferenceAsync();
        var poll = (await c.Coach.PostOkAsync($"/api/sessions/{c.SessionId}/polls", new { question = "Q?", options = new[] { "a", "b" } })).GetProperty("poll");

        var voted = await c.Participant.PostOkAsync($"/api/sessions/{c.SessionId}/polls/{Id(poll)}/vote", new { optionIndex = 0, userId = c.Coach.Id });

        Assert.Equal([c.Participant.Id], voted.GetProperty("poll").GetProperty("voters").EnumerateArray().Select(v => v.GetString()));
        // The coach has not voted: their own vote still counts once.
        var coachVote = await c.Coach.PostAsync($"/api/sessions/{c.SessionId}/polls/{Id(poll)}/vote", new { optionIndex = 1 });
        Assert.Equal(HttpStatusCode.OK, coachVote.StatusCode);
    }

    private static void AssertFromParticipant(Conference c, JsonElement message)
    {
        Assert.Equal(c.Participant.Id, message.GetProperty("userId").GetString());
        Assert.Equal("Pat", message.GetProperty("userName").GetString());
        Assert.Equal(c.SessionId, message.GetProperty("sessionId").GetString());
    }
}
