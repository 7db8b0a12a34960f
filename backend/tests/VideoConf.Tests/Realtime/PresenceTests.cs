using System.Text.Json;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Realtime;

public sealed class PresenceTests : AppTest
{
    [Fact]
    public async Task A_new_socket_gets_the_participant_list_and_the_others_hear_about_it()
    {
        var c = await StartConferenceAsync();

        var list = await c.ParticipantSocket.WaitForAsync("participants");
        var entries = list.EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        var coach = entries.Single(p => p.GetProperty("userId").GetString() == c.Coach.Id);
        Assert.Equal("coach", coach.GetProperty("role").GetString());
        Assert.Equal("Coach", coach.GetProperty("name").GetString());
        Assert.Equal(c.CoachSocket.Id, coach.GetProperty("socketId").GetString());
        Assert.False(coach.GetProperty("handRaised").GetBoolean());
        Assert.True(coach.GetProperty("isActive").GetBoolean());

        var joined = await c.CoachSocket.WaitForAsync("participant-joined");
        Assert.Equal(c.Participant.Id, joined.GetProperty("userId").GetString());
        Assert.Equal("participant", joined.GetProperty("role").GetString());
        Assert.Equal(c.ParticipantSocket.Id, joined.GetProperty("socketId").GetString());
        Assert.Empty(c.ParticipantSocket.Received("participant-joined"));
    }

    [Fact]
    public async Task Hands_activity_and_the_list_reflect_socket_state()
    {
        var c = await StartConferenceAsync();

        await c.ParticipantSocket.EmitAsync("raise-hand", new { raised = true });
        Assert.Equal(c.Participant.Id, (await c.CoachSocket.WaitForAsync("hand-raised")).GetProperty("userId").GetString());
        await c.ParticipantSocket.WaitForAsync("hand-raised");
        await c.ParticipantSocket.EmitAsync("activity-status", new { isActive = false });
        var activity = await c.CoachSocket.WaitForAsync("user-activity-changed");
        Assert.False(activity.GetProperty("isActive").GetBoolean());

        // The list a newcomer gets is computed from the sockets' state.
        var late = await LoginAsync("Late");
        await late.JoinAsync(c.SessionId);
        await using var lateSocket = await VideoClient.ConnectAsync(App, late.Token, c.SessionId, late.Id);
        var list = await lateSocket.WaitForAsync("participants");
        var pat = list.EnumerateArray().Single(p => p.GetProperty("userId").GetString() == c.Participant.Id);
        Assert.True(pat.GetProperty("handRaised").GetBoolean());
        Assert.False(pat.GetProperty("isActive").GetBoolean());
        Assert.Equal(3, list.GetArrayLength());

        await c.ParticipantSocket.EmitAsync("raise-hand", new { raised = false });
        await c.CoachSocket.WaitForAsync("hand-lowered");
    }

    [Fact]
    public async Task Typing_code_and_cursors_go_to_the_others_only()
    {
        var c = await StartConferenceAsync();

        await c.ParticipantSocket.EmitAsync("typing", new { isTyping = true });
        await c.ParticipantSocket.EmitAsync("code_change", new { code = "print(1)", language = "python" });
        await c.ParticipantSocket.EmitAsync("cursor-update", new { line = 3, column = 7 });

        var typing = await c.CoachSocket.WaitForAsync("typing");
        Assert.Equal((c.Participant.Id, "Pat", true), (typing.GetProperty("userId").GetString(), typing.GetProperty("name").GetString(), typing.GetProperty("isTyping").GetBoolean()));
        var code = await c.CoachSocket.WaitForAsync("code_change");
        Assert.Equal(("print(1)", "python"), (code.GetProperty("code").GetString(), code.GetProperty("language").GetString()));
        var cursor = await c.CoachSocket.WaitForAsync("cursor-moved");
        Assert.Equal((c.Participant.Id, 3, 7), (cursor.GetProperty("userId").GetString(), cursor.GetProperty("line").GetInt32(), cursor.GetProperty("column").GetInt32()));

        await SyncAsync(c.Coach, c.SessionId, c.ParticipantSocket);
        Assert.Empty(c.ParticipantSocket.Received("typing"));
        Assert.Empty(c.ParticipantSocket.Received("code_change"));
        Assert.Empty(c.ParticipantSocket.Received("cursor-moved"));
    }

    [Fact]
    public async Task A_signal_reaches_only_its_target_in_the_same_session()
    {
        var c = await StartConferenceAsync();
        var third = await LoginAsync("Third");
        await third.JoinAsync(c.SessionId);
        var thirdSocket = await ConnectAsync(third, c.SessionId);

        // Someone in another session, addressed by socket id and by user id: must not be reachable.
        var otherCoach = await LoginAsync("Other", "coach");
        var otherSession = await otherCoach.CreateSessionAsync("Elsewhere");
        var otherSocket = await ConnectAsync(otherCoach, otherSession);

        var offer = new { type = "offer", sdp = "v=0..." };
        await c.CoachSocket.EmitAsync("signal", new { to = c.ParticipantSocket.Id, data = offer });
        await c.CoachSocket.EmitAsync("signal", new { to = third.Id, data = new { candidate = "c1" } });
        await c.CoachSocket.EmitAsync("signal", new { to = otherSocket.Id, data = offer });
        await c.CoachSocket.EmitAsync("signal", new { to = otherCoach.Id, data = offer });

        var toParticipant = await c.ParticipantSocket.WaitForAsync("signal");
        Assert.Equal(c.CoachSocket.Id, toParticipant.GetProperty("from").GetString());
        Assert.Equal(c.Coach.Id, toParticipant.GetProperty("fromUserId").GetString());
        Assert.Equal("offer", toParticipant.GetProperty("data").GetProperty("type").GetString());
        var toThird = await thirdSocket.WaitForAsync("signal");
        Assert.Equal("c1", toThird.GetProperty("data").GetProperty("candidate").GetString());

        await SyncAsync(c.Coach, c.SessionId, c.CoachSocket, c.ParticipantSocket, thirdSocket);
        await otherCoach.PostOkAsync($"/api/sessions/{otherSession}/messages", new { text = "sync" });
        await otherSocket.WaitForAsync("chat-message-added");
        Assert.Single(c.ParticipantSocket.Received("signal"));
        Assert.Single(thirdSocket.Received("signal"));
        Assert.Empty(c.CoachSocket.Received("signal"));
        Assert.Empty(otherSocket.Received("signal"));
    }
}
