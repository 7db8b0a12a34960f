using System.Net;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Realtime;

public sealed class ChatTests : AppTest
{
    [Fact]
    public async Task Socket_message_is_acked_stored_and_emitted_once()
    {
        var c = await StartConferenceAsync();

        var ack = await c.ParticipantSocket.EmitWithAckAsync("chat-message", new { text = "hi all", clientId = "tmp-1" });

        Assert.True(ack.GetProperty("ok").GetBoolean());
        var message = ack.GetProperty("message");
        Assert.Equal("hi all", message.GetProperty("text").GetString());
        Assert.Equal("tmp-1", message.GetProperty("clientId").GetString());
        Assert.Equal(c.Participant.Id, message.GetProperty("userId").GetString());
        Assert.Equal("Pat", message.GetProperty("userName").GetString());
        Assert.Equal(1, message.GetProperty("seq").GetInt64());
        var added = await c.CoachSocket.WaitForAsync("chat-message-added");
        Assert.Equal(Id(message), Id(added));
        Assert.Equal("tmp-1", added.GetProperty("clientId").GetString());

        var history = await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}/messages");
        Assert.Equal([Id(message)], history.EnumerateArray().Select(Id));
    }

    [Fact]
    public async Task A_repeated_client_id_returns_the_stored_message_without_a_second_event()
    {
        var c = await StartConferenceAsync();

        var first = await c.ParticipantSocket.EmitWithAckAsync("chat-message", new { text = "once", clientId = "retry-me" });
        var again = await c.ParticipantSocket.EmitWithAckAsync("chat-message", new { text = "once", clientId = "retry-me" });
        var overRest = await c.Participant.PostAsync($"/api/sessions/{c.SessionId}/messages", new { text = "once", clientId = "retry-me" });

        Assert.Equal(Id(first.GetProperty("message")), Id(again.GetProperty("message")));
        Assert.Equal(HttpStatusCode.OK, overRest.StatusCode);
        Assert.Equal(Id(first.GetProperty("message")), Id(await TestUser.ReadOkAsync(overRest)));
        await SyncAsync(c.Coach, c.SessionId, c.CoachSocket, c.ParticipantSocket);
        Assert.Equal(1, CountWithId(c.CoachSocket, "chat-message-added", Id(first.GetProperty("message"))));
        Assert.Equal(1, CountWithId(c.ParticipantSocket, "chat-message-added", Id(first.GetProperty("message"))));
        Assert.Equal(2, (await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}/messages")).GetArrayLength());
    }

    [Fact]
    public async Task History_pages_with_before_and_limit()
    {
        var c = await StartConferenceAsync();
        for (var i = 1; i <= 5; i++)
            await c.Coach.PostOkAsync($"/api/sessions/{c.SessionId}/messages", new { text = $"m{i}", clientId = $"c{i}" });

        var latest = await c.Participant.GetOkAsync($"/api/sessions/{c.SessionId}/messages?limit=2");
        Assert.Equal(["m4", "m5"], latest.EnumerateArray().Select(m => m.GetProperty("text").GetString()));

        var older = await c.Participant.GetOkAsync($"/api/sessions/{c.SessionId}/messages?before={latest[0].GetProperty("seq").GetInt64()}&limit=2");
        Assert.Equal(["m2", "m3"], older.EnumerateArray().Select(m => m.GetProperty("text").GetString()));

        Assert.Equal(HttpStatusCode.BadRequest, (await c.Participant.GetAsync($"/api/sessions/{c.SessionId}/messages?limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.Participant.GetAsync($"/api/sessions/{c.SessionId}/messages?before=abc")).StatusCode);
        Assert.Equal(5, (await c.Participant.GetOkAsync($"/api/sessions/{c.SessionId}/messages?limit=1000")).GetArrayLength());
    }

    [Fact]
    public async Task Malformed_payloads_get_an_error_ack_change_nothing_and_others_keep_being_served()
    {
        var c = await StartConferenceAsync();

        var notAnObject = await c.ParticipantSocket.EmitWithAckAsync("chat-message", "just a string");
        var wrongType = await c.ParticipantSocket.EmitWithAckAsync("chat-message", new { text = 42 });
        var empty = await c.ParticipantSocket.EmitWithAckAsync("chat-message", new { text = "   " });
        var badClientId = await c.ParticipantSocket.EmitWithAckAsync("chat-message", new { text = "x", clientId = new[] { 1 } });

        foreach (var ack in new[] { notAnObject, wrongType, empty, badClientId })
        {
            Assert.False(ack.GetProperty("ok").GetBoolean());
            Assert.False(string.IsNullOrEmpty(ack.GetProperty("error").GetString()));
        }
        // Events without acks: a log line, no effect.
        await c.ParticipantSocket.EmitAsync("raise-hand", new { raised = "yes" });
        await c.ParticipantSocket.EmitAsync("cursor-update", new { line = "one" });

        Assert.Empty((await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}/messages")).EnumerateArray());

        // The sender's connection and everyone else's still work.
        var ok = await c.ParticipantSocket.EmitWithAckAsync("chat-message", new { text = "fine now" });
        Assert.True(ok.GetProperty("ok").GetBoolean());
        await c.CoachSocket.WaitForAsync("chat-message-added", m => m.GetProperty("text").GetString() == "fine now");
        Assert.Empty(c.CoachSocket.Received("hand-raised"));
        Assert.Empty(c.CoachSocket.Received("cursor-moved"));
        Assert.Single((await c.Coach.GetOkAsync($"/api/sessions/{c.SessionId}/messages")).EnumerateArray());
    }
}
