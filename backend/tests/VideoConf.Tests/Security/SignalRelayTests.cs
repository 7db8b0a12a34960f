using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Security;

/// <summary>
/// Hole 2: <c>signal</c> relays only inside the sender's session. A target named by the socket id or the user id
/// of someone in another session gets nothing, and the sender learns it (error ack, or a log line without one).
/// </summary>
public sealed class SignalRelayTests : TwoSessionsTest
{
    private static readonly object Offer = new { type = "offer", sdp = "v=0" };

    [Fact]
    public async Task A_signal_to_the_socket_id_of_another_sessions_participant_is_not_delivered_and_the_ack_says_so()
    {
        var s = await StartTwoSessionsAsync();

        var ack = await s.A.ParticipantSocket.EmitWithAckAsync("signal", new { to = s.B.ParticipantSocket.Id, data = Offer });

        Assert.False(ack.GetProperty("ok").GetBoolean());
        Assert.False(string.IsNullOrEmpty(ack.GetProperty("error").GetString()));
        await AssertBUntouchedAsync(s);
    }

    [Fact]
    public async Task A_signal_to_the_user_id_of_another_sessions_participant_is_not_delivered_and_the_ack_says_so()
    {
        var s = await StartTwoSessionsAsync();

        var toParticipant = await s.A.ParticipantSocket.EmitWithAckAsync("signal", new { to = s.B.Participant.Id, data = Offer });
        var toHost = await s.A.CoachSocket.EmitWithAckAsync("signal", new { to = s.B.Coach.Id, data = Offer });

        Assert.False(toParticipant.GetProperty("ok").GetBoolean());
        Assert.False(toHost.GetProperty("ok").GetBoolean());
        await AssertBUntouchedAsync(s);
    }

    [Fact]
    public async Task Without_an_ack_an_undeliverable_signal_is_logged()
    {
        var s = await StartTwoSessionsAsync();

        await s.A.ParticipantSocket.EmitAsync("signal", new { to = s.B.ParticipantSocket.Id, data = Offer });
        await s.A.ParticipantSocket.EmitAsync("signal", new { to = s.B.Participant.Id, data = Offer });
        await FenceAsync(s.A);

        Assert.Equal(2, App.Logs.Events.Count(e => e.RenderMessage().Contains("\"signal\"") && e.RenderMessage().Contains(s.A.ParticipantSocket.Id)));
        await AssertBUntouchedAsync(s);
    }

    [Fact]
    public async Task Room_names_as_target_reach_no_one()
    {
        var s = await StartTwoSessionsAsync();
        var b = s.B.SessionId;

        foreach (var to in new[] { $"session:{b}", b, $"session:{b}:user:{s.B.Participant.Id}", $"session:{b}:socket:{s.B.ParticipantSocket.Id}",
                     $"x:user:{s.B.Participant.Id}", "", "*" })
        {
            var ack = await s.A.ParticipantSocket.EmitWithAckAsync("signal", new { to, data = Offer });
            Assert.False(ack.GetProperty("ok").GetBoolean(), $"to = '{to}'");
        }
        await AssertBUntouchedAsync(s);
        // Nor anyone in A: the sender's own coach got none of them either.
        Assert.Empty(s.A.CoachSocket.Received("signal"));
    }

    [Fact]
    public async Task A_user_in_both_sessions_gets_a_signal_by_user_id_only_on_the_socket_of_the_senders_session()
    {
        var s = await StartTwoSessionsAsync();
        var both = await LoginAsync("Both");
        await both.JoinAsync(s.A.SessionId);
        await both.JoinAsync(s.B.SessionId);
        var inA = await ConnectAsync(both, s.A.SessionId);
        var inB = await ConnectAsync(both, s.B.SessionId);

        var ack = await s.A.ParticipantSocket.EmitWithAckAsync("signal", new { to = both.Id, data = Offer });

        Assert.True(ack.GetProperty("ok").GetBoolean());
        var relayed = await inA.WaitForAsync("signal");
        Assert.Equal(s.A.ParticipantSocket.Id, relayed.GetProperty("from").GetString());
        await SyncAsync(s.B.Coach, s.B.SessionId, inB, s.B.CoachSocket, s.B.ParticipantSocket);
        Assert.Empty(inB.Received("signal"));
        Assert.Empty(s.B.CoachSocket.Received("signal"));
        Assert.Empty(s.B.ParticipantSocket.Received("signal"));
    }

    [Fact]
    public async Task A_signal_inside_the_session_is_delivered_to_exactly_the_target_and_acked()
    {
        var s = await StartTwoSessionsAsync();

        var ack = await s.A.ParticipantSocket.EmitWithAckAsync("signal", new { to = s.A.CoachSocket.Id, data = Offer });

        Assert.True(ack.GetProperty("ok").GetBoolean());
        var relayed = await s.A.CoachSocket.WaitForAsync("signal");
        Assert.Equal(s.A.ParticipantSocket.Id, relayed.GetProperty("from").GetString());
        Assert.Equal(s.A.Participant.Id, relayed.GetProperty("fromUserId").GetString());
        Assert.Equal("offer", relayed.GetProperty("data").GetProperty("type").GetString());
        await AssertBUntouchedAsync(s);
    }
}
