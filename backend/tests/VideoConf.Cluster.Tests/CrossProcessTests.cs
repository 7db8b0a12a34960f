using System.Text;
using System.Text.Json;
using Soak.Client;
using VideoConf.Cluster.Tests.Infrastructure;

namespace VideoConf.Cluster.Tests;

/// <summary>
/// Two VideoConf processes on one Redis act as one app: whatever is done through one process reaches the session's
/// sockets on the other exactly once; membership, disconnects and signals work across them.
/// </summary>
public sealed class CrossProcessTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _clients = [];

    private Uri A => cluster.A.BaseAddress;

    private Uri B => cluster.B.BaseAddress;

    [Fact]
    public async Task A_resource_uploaded_through_B_reaches_a_client_on_A_exactly_once()
    {
        var (sessionId, coachOnB, participant) = await SessionAsync();
        var onA = await ConnectAsync(participant.On(A), sessionId);
        var coachSocketOnB = await ConnectAsync(coachOnB, sessionId);

        var uploaded = await coachOnB.UploadAsync(sessionId, "notes.txt", Encoding.UTF8.GetBytes("cluster notes"));
        var id = Sync.Id(uploaded);
        var received = await onA.WaitForAsync("resource-uploaded", r => Sync.Id(r) == id);
        await Sync.MarkerAsync(coachOnB, sessionId, onA, coachSocketOnB);

        Assert.Equal("notes.txt", received.GetProperty("name").GetString());
        Assert.Equal(1, Sync.CountWithId(onA.Received("resource-uploaded"), id));
        Assert.Equal(1, Sync.CountWithId(coachSocketOnB.Received("resource-uploaded"), id));
    }

    [Fact]
    public async Task A_poll_created_and_voted_through_B_reaches_a_client_on_A_exactly_once()
    {
        var (sessionId, coachOnB, participant) = await SessionAsync();
        var onA = await ConnectAsync(participant.On(A), sessionId);

        var poll = (await coachOnB.CreatePollAsync(sessionId, "Ready?", ["yes", "no"])).GetProperty("poll");
        var pollId = Sync.Id(poll);
        await onA.WaitForAsync("poll-created", p => Sync.Id(p) == pollId);
        // The participant's socket is on A, its vote goes through B.
        await participant.On(B).VoteAsync(sessionId, pollId, 1);
        var voted = await onA.WaitForAsync("poll-voted", p => Sync.Id(p) == pollId);
        await Sync.MarkerAsync(coachOnB, sessionId, onA);

        Assert.Equal(1, voted.GetProperty("options")[1].GetProperty("votes").GetInt32());
        Assert.Equal(1, Sync.CountWithId(onA.Received("poll-created"), pollId));
        Assert.Equal(1, Sync.CountWithId(onA.Received("poll-voted"), pollId));
    }

    [Fact]
    public async Task A_chat_message_sent_on_a_socket_on_B_reaches_a_client_on_A_exactly_once()
    {
        var (sessionId, coachOnB, participant) = await SessionAsync();
        var onA = await ConnectAsync(participant.On(A), sessionId);
        var senderOnB = await ConnectAsync(coachOnB, sessionId);

        var ack = await senderOnB.EmitWithAckAsync("chat-message", new { text = "hello from B", clientId = "c-1" });
        Assert.True(ack.GetProperty("ok").GetBoolean(), ack.ToString());
        var id = Sync.Id(ack.GetProperty("message"));
        var received = await onA.WaitForAsync("chat-message-added", m => Sync.Id(m) == id);
        await Sync.MarkerAsync(coachOnB, sessionId, onA, senderOnB);

        Assert.Equal("c-1", received.GetProperty("clientId").GetString());
        Assert.Equal(1, Sync.CountWithId(onA.Received("chat-message-added"), id));
        Assert.Equal(1, Sync.CountWithId(senderOnB.Received("chat-message-added"), id));
    }

    [Fact]
    public async Task The_participant_list_on_connect_contains_the_sockets_of_both_processes()
    {
        var (sessionId, coachOnB, participant) = await SessionAsync();
        var onA = await ConnectAsync(participant.On(A), sessionId);
        var onB = await ConnectAsync(coachOnB, sessionId);

        var list = await onB.WaitForAsync("participants");
        var entries = list.EnumerateArray().Select(p => (User: p.GetProperty("userId").GetString(), Socket: p.GetProperty("socketId").GetString())).ToList();
        Assert.Contains((participant.Id, onA.Id), entries);
        Assert.Contains((coachOnB.Id, onB.Id), entries);
        Assert.Equal(2, entries.Count);

        // And the socket already there (on A) hears of the newcomer (on B).
        var joined = await onA.WaitForAsync("participant-joined", p => p.GetProperty("socketId").GetString() == onB.Id);
        Assert.Equal(coachOnB.Id, joined.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Ending_the_session_on_B_disconnects_the_sockets_on_A()
    {
        var (sessionId, coachOnB, participant) = await SessionAsync();
        var onA = await ConnectAsync(participant.On(A), sessionId);
        var coachOnA = await ConnectAsync(coachOnB.On(A), sessionId);

        await coachOnB.EndAsync(sessionId);

        await onA.WaitForAsync("session-ended", e => Sync.Id(e) == sessionId);
        Assert.Equal("io server disconnect", await onA.Disconnected.WaitAsync(Timeouts.Event));
        Assert.Equal("io server disconnect", await coachOnA.Disconnected.WaitAsync(Timeouts.Event));
    }

    [Fact]
    public async Task Leaving_through_B_disconnects_only_that_users_socket_on_A()
    {
        var (sessionId, coachOnB, participant) = await SessionAsync();
        var leaverOnA = await ConnectAsync(participant.On(A), sessionId);
        var coachOnA = await ConnectAsync(coachOnB.On(A), sessionId);

        await participant.On(B).PostAsync($"/api/sessions/{sessionId}/leave");

        Assert.Equal("io server disconnect", await leaverOnA.Disconnected.WaitAsync(Timeouts.Event));
        await coachOnA.WaitForAsync("participant-left", p => p.GetProperty("socketId").GetString() == leaverOnA.Id);
        await Sync.MarkerAsync(coachOnB, sessionId, coachOnA);
        Assert.False(coachOnA.Disconnected.IsCompleted);
    }

    [Fact]
    public async Task A_signal_from_a_socket_on_A_reaches_only_its_target_on_B()
    {
        var coach = await ApiUser.LoginAsync(A, "Coach", "coach");
        var sessionId = await coach.CreateSessionAsync("Signals");
        var target = await JoinedAsync(B, sessionId, "Target");
        var bystanderOnB = await JoinedAsync(B, sessionId, "Bystander B");
        var bystanderOnA = await JoinedAsync(A, sessionId, "Bystander A");

        var senderOnA = await ConnectAsync(coach, sessionId);
        var targetSocket = await ConnectAsync(target, sessionId);
        var otherOnB = await ConnectAsync(bystanderOnB, sessionId);
        var otherOnA = await ConnectAsync(bystanderOnA, sessionId);

        await senderOnA.EmitAsync("signal", new { to = targetSocket.Id, data = new { type = "offer", sdp = "v=0 by socket id" } });
        await senderOnA.EmitAsync("signal", new { to = target.Id, data = new { type = "offer", sdp = "v=0 by user id" } });
        var bySocket = await targetSocket.WaitForAsync("signal", s => Sdp(s) == "v=0 by socket id");
        await targetSocket.WaitForAsync("signal", s => Sdp(s) == "v=0 by user id");
        // Relays go out through A, so a marker through A follows them on every socket.
        await Sync.MarkerAsync(coach, sessionId, senderOnA, targetSocket, otherOnB, otherOnA);

        Assert.Equal(senderOnA.Id, bySocket.GetProperty("from").GetString());
        Assert.Equal(2, targetSocket.Received("signal").Count);
        Assert.Empty(otherOnB.Received("signal"));
        Assert.Empty(otherOnA.Received("signal"));
        Assert.Empty(senderOnA.Received("signal"));
    }

    [Fact]
    public async Task Presence_relays_cross_processes_typing_to_the_others_only()
    {
        var (sessionId, coachOnB, participant) = await SessionAsync();
        var onA = await ConnectAsync(participant.On(A), sessionId);
        var onB = await ConnectAsync(coachOnB, sessionId);

        await onA.EmitAsync("typing", new { isTyping = true });
        await onA.EmitAsync("raise-hand", new { raised = true });
        await onB.WaitForAsync("typing", t => t.GetProperty("userId").GetString() == participant.Id);
        await onB.WaitForAsync("hand-raised", h => h.GetProperty("userId").GetString() == participant.Id);
        await onA.WaitForAsync("hand-raised", h => h.GetProperty("userId").GetString() == participant.Id);
        await Sync.MarkerAsync(participant.On(A), sessionId, onA, onB);

        Assert.Single(onB.Received("typing"));
        Assert.Empty(onA.Received("typing"));
        Assert.Single(onB.Received("hand-raised"));
        Assert.Single(onA.Received("hand-raised"));
    }

    private static string? Sdp(JsonElement signal) => signal.GetProperty("data").GetProperty("sdp").GetString();

    /// <summary>A session hosted by a coach who talks to B, joined (through A) by a participant.</summary>
    private async Task<(string SessionId, ApiUser CoachOnB, ApiUser Participant)> SessionAsync()
    {
        var coach = await ApiUser.LoginAsync(B, "Coach", "coach");
        var sessionId = await coach.CreateSessionAsync("Cluster lesson");
        var participant = await JoinedAsync(A, sessionId, "Pat");
        return (sessionId, coach, participant);
    }

    private static async Task<ApiUser> JoinedAsync(Uri server, string sessionId, string name)
    {
        var user = await ApiUser.LoginAsync(server, name, "participant");
        await user.JoinAsync(sessionId);
        return user;
    }

    private async Task<SioClient> ConnectAsync(ApiUser user, string sessionId)
    {
        var client = await SioClient.ConnectAsync(user, sessionId);
        _clients.Add(client);
        return client;
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) await client.DisposeAsync();
    }
}
