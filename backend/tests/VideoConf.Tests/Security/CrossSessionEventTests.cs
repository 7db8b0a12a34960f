using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Security;

/// <summary>
/// Hole 1: a member of session A must not get into session B's room, nor cause events there, by any client event
/// naming B: the handled events with B's ids added to their payloads, and events the server does not handle at all.
/// </summary>
public sealed class CrossSessionEventTests : TwoSessionsTest
{
    /// <summary>Every client → server event of the contract, plus names a client might try for joining a room.</summary>
    public static TheoryData<string> Events =>
    [
        "chat-message", "typing", "raise-hand", "code_change", "cursor-update", "activity-status", "signal",
        "join", "join-session", "subscribe", "join-room", "joinRoom", "enter", "leave", "session", "message",
    ];

    /// <summary>The event's own fields (so a handled event gets past its validation) plus every way of naming B.</summary>
    private static Dictionary<string, object?> HijackPayload(string eventName, TwoSessions s)
    {
        var b = s.B.SessionId;
        var payload = new Dictionary<string, object?>
        {
            ["sessionId"] = b, ["session"] = b, ["sessionID"] = b, ["session_id"] = b, ["_id"] = b, ["id"] = b,
            ["room"] = $"session:{b}", ["roomId"] = b, ["rooms"] = new[] { $"session:{b}", b },
            ["to"] = $"session:{b}",
        };
        switch (eventName)
        {
            case "chat-message": payload["text"] = "from A into B?"; payload["clientId"] = "hijack"; break;
            case "typing": payload["isTyping"] = true; break;
            case "raise-hand": payload["raised"] = true; break;
            case "code_change": payload["code"] = "stolen()"; payload["language"] = "js"; break;
            case "cursor-update": payload["line"] = 1; payload["column"] = 2; break;
            case "activity-status": payload["isActive"] = false; break;
            case "signal": payload["data"] = new { type = "offer", sdp = "x" }; break;
        }
        return payload;
    }

    [Theory]
    [MemberData(nameof(Events))]
    public async Task An_event_naming_another_session_never_reaches_or_enters_it(string eventName)
    {
        var s = await StartTwoSessionsAsync();
        var attacker = s.A.ParticipantSocket;
        var b = s.B.SessionId;

        // The payload object with B's ids in every plausible field, B's id or room name as a bare argument, and as
        // the first of several arguments.
        await attacker.EmitAsync(eventName, HijackPayload(eventName, s));
        await attacker.EmitArgsAsync(eventName, b);
        await attacker.EmitArgsAsync(eventName, $"session:{b}");
        await attacker.EmitArgsAsync(eventName, b, HijackPayload(eventName, s));
        await attacker.EmitArgsAsync(eventName, (object)new[] { b, $"session:{b}" });
        await FenceAsync(s.A);

        await AssertConfinedAsync(attacker, s.A.SessionId, b);
        await AssertBUntouchedAsync(s);

        // The attacker's socket still works in its own session and still gets nothing of B's afterwards.
        await AssertConfinedAsync(attacker, s.A.SessionId, b);
        Assert.DoesNotContain(attacker.Received("chat-message-added"), m => m.GetProperty("sessionId").GetString() == b);
    }

    [Fact]
    public async Task An_acked_event_naming_another_session_is_stored_in_the_own_session_only()
    {
        var s = await StartTwoSessionsAsync();

        var ack = await s.A.ParticipantSocket.EmitWithAckAsync("chat-message", HijackPayload("chat-message", s));

        Assert.True(ack.GetProperty("ok").GetBoolean());
        Assert.Equal(s.A.SessionId, ack.GetProperty("message").GetProperty("sessionId").GetString());
        await AssertBUntouchedAsync(s);
        Assert.Single((await s.A.Coach.GetOkAsync($"/api/sessions/{s.A.SessionId}/messages")).EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_event_is_answered_with_an_error_ack_and_a_log_line_and_changes_nothing()
    {
        var s = await StartTwoSessionsAsync();

        var ack = await s.A.ParticipantSocket.EmitWithAckAsync("join-session", new { sessionId = s.B.SessionId });

        Assert.False(ack.GetProperty("ok").GetBoolean());
        Assert.False(string.IsNullOrEmpty(ack.GetProperty("error").GetString()));
        Assert.Contains(App.Logs.Events, e => e.RenderMessage().Contains("join-session") && e.RenderMessage().Contains(s.A.ParticipantSocket.Id));
        await AssertConfinedAsync(s.A.ParticipantSocket, s.A.SessionId, s.B.SessionId);
        await AssertBUntouchedAsync(s);
    }

    [Fact]
    public async Task A_handshake_for_another_session_is_refused_even_with_the_own_session_in_the_auth()
    {
        var s = await StartTwoSessionsAsync();
        var member = s.A.Participant;

        // The query names B (and is what counts), the auth names A: still B's membership decides.
        var refused = await Assert.ThrowsAsync<ConnectRefusedException>(() => VideoClient.ConnectAsync(App, member.Token, s.B.SessionId,
            auth: new { token = member.Token, sessionId = s.A.SessionId }));
        Assert.Equal("forbidden", refused.Message);
        await AssertBUntouchedAsync(s);
    }
}
