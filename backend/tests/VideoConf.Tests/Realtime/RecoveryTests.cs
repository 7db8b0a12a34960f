using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tether.SocketIO;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Realtime;

/// <summary>
/// Connection state recovery on <c>/video</c>, with the npm socket.io-client (as the React app): a participant whose
/// connection breaks and comes back within the window keeps its socket id and gets what it missed, exactly once and
/// in order; the others see it leave and come back; someone who lost access meanwhile is refused, not recovered.
/// </summary>
public sealed class RecoveryTests : AppTest
{
    [Fact]
    public async Task A_participant_whose_connection_broke_is_recovered_with_the_missed_events_once_and_in_order()
    {
        var (coach, pat, sessionId, coachSocket, node, sid) = await ConnectedAsync();
        await node.EmitAsync("pat", "raise-hand", new JsonObject { ["raised"] = true });
        await coachSocket.WaitForAsync("hand-raised");
        await SyncNodeAsync(coach, sessionId, node);

        await node.DropAsync("pat");
        await node.WaitForAsync("pat", "disconnect");
        var left = await coachSocket.WaitForAsync("participant-left", p => p.GetProperty("socketId").GetString() == sid);
        Assert.Equal(pat.Id, left.GetProperty("userId").GetString());

        // Meanwhile: an upload, then a chat message.
        var resource = await TestUser.ReadOkAsync(await coach.UploadAsync(sessionId, "missed.txt", [1, 2, 3]));
        var chat = await coach.PostOkAsync($"/api/sessions/{sessionId}/messages", new { text = "while you were away" });

        await node.ReconnectAsync("pat");
        var back = await node.WaitForAsync(r => Is(r, "connect", "pat") && r.GetProperty("n").GetInt32() == 2);
        Assert.True(back.GetProperty("recovered").GetBoolean(), back.ToString());
        Assert.Equal(sid, back.GetProperty("sid").GetString());
        await SyncNodeAsync(coach, sessionId, node);

        var afterReconnect = Events(node, "pat", connection: 2);
        int IndexOf(string name, string id) => afterReconnect.FindIndex(e => e.Event == name && e.Payload.TryGetProperty("_id", out var v) && v.GetString() == id);
        var uploadIndex = IndexOf("resource-uploaded", Id(resource));
        var chatIndex = IndexOf("chat-message-added", Id(chat));
        Assert.True(uploadIndex >= 0, "the upload made while away was not replayed");
        Assert.True(chatIndex > uploadIndex, "the chat message made while away was not replayed after the upload");
        Assert.Single(node.Events("pat", "resource-uploaded"), r => Id(r) == Id(resource));
        Assert.Single(node.Events("pat", "chat-message-added"), m => Id(m) == Id(chat));
        // Nothing it had already seen comes again, and not its own departure.
        Assert.All(node.Events("pat", "chat-message-added").GroupBy(Id), g => Assert.Single(g));
        Assert.DoesNotContain(node.Events("pat", "participant-left"), p => p.GetProperty("socketId").GetString() == sid);

        // The others see it come back, with its raised hand; it gets a fresh list that includes itself once.
        await coachSocket.WaitForAsync("participant-joined", p => p.GetProperty("socketId").GetString() == sid && p.GetProperty("handRaised").GetBoolean());
        Assert.Equal(2, coachSocket.Received("participant-joined").Count(p => p.GetProperty("socketId").GetString() == sid));
        var list = afterReconnect.Single(e => e.Event == "participants").Payload;
        Assert.Single(list.EnumerateArray(), p => p.GetProperty("socketId").GetString() == sid);
        Assert.Single(list.EnumerateArray(), p => p.GetProperty("userId").GetString() == coach.Id);

        // Back in its rooms: a chat sent on the recovered socket reaches the coach, room events reach it.
        await node.EmitWithAckAsync("pat", "chat-message", new JsonObject { ["text"] = "back", ["clientId"] = "b-1" }, "r1");
        var ack = (await node.WaitForAsync(r => r.GetProperty("type").GetString() == "ack" && r.GetProperty("req").GetString() == "r1")).GetProperty("args")[0];
        Assert.True(ack.GetProperty("ok").GetBoolean(), ack.ToString());
        await coachSocket.WaitForAsync("chat-message-added", m => m.GetProperty("clientId").GetString() == "b-1");
    }

    [Fact]
    public async Task A_participant_who_left_the_session_while_disconnected_is_refused_instead_of_recovered()
    {
        var (coach, pat, sessionId, coachSocket, node, sid) = await ConnectedAsync();

        await node.DropAsync("pat");
        await node.WaitForAsync("pat", "disconnect");
        await coachSocket.WaitForAsync("participant-left", p => p.GetProperty("socketId").GetString() == sid);
        await pat.PostOkAsync($"/api/sessions/{sessionId}/leave");
        var chat = await coach.PostOkAsync($"/api/sessions/{sessionId}/messages", new { text = "not for you" });

        await node.ReconnectAsync("pat");
        var refused = await node.WaitForAsync("pat", "connect_error");
        Assert.Equal("forbidden", refused.GetProperty("message").GetString());
        Assert.Equal(403, refused.GetProperty("data").GetProperty("code").GetInt32());

        await SyncAsync(coach, sessionId, coachSocket);
        Assert.Empty(node.Events("pat", "chat-message-added").Where(m => Id(m) == Id(chat)));
        Assert.Single(node.Reports(), r => Is(r, "connect", "pat"));
        Assert.Single(coachSocket.Received("participant-joined"), p => p.GetProperty("socketId").GetString() == sid);
    }

    [Fact]
    public async Task A_participant_of_a_session_that_ended_while_it_was_disconnected_is_refused()
    {
        var (coach, _, sessionId, coachSocket, node, sid) = await ConnectedAsync();

        await node.DropAsync("pat");
        await node.WaitForAsync("pat", "disconnect");
        await coachSocket.WaitForAsync("participant-left", p => p.GetProperty("socketId").GetString() == sid);
        await coach.PostOkAsync($"/api/sessions/{sessionId}/end");

        await node.ReconnectAsync("pat");
        var refused = await node.WaitForAsync("pat", "connect_error");
        Assert.Equal("forbidden", refused.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_participant_who_leaves_on_purpose_is_not_kept_for_recovery()
    {
        var (coach, _, sessionId, coachSocket, node, sid) = await ConnectedAsync();

        await node.DisconnectClientAsync("pat");
        await coachSocket.WaitForAsync("participant-left", p => p.GetProperty("socketId").GetString() == sid);
        await coach.PostOkAsync($"/api/sessions/{sessionId}/messages", new { text = "after you left" });

        await node.ReconnectAsync("pat");
        var back = await node.WaitForAsync(r => Is(r, "connect", "pat") && r.GetProperty("n").GetInt32() == 2);
        Assert.False(back.GetProperty("recovered").GetBoolean());
        Assert.NotEqual(sid, back.GetProperty("sid").GetString());
    }

    [Fact]
    public void Recovery_is_on_for_video_only_and_rechecks_access_by_default()
    {
        var recovery = App.Services.GetRequiredService<IOptions<SocketIOOptions>>().Value.ConnectionStateRecovery;
        Assert.NotNull(recovery);
        Assert.Equal(new[] { "/video" }, recovery.Namespaces);
        Assert.True(recovery.AppliesTo("/video"));
        Assert.False(recovery.AppliesTo("/"));
        Assert.False(recovery.SkipMiddlewares);
        Assert.Equal(TimeSpan.FromMinutes(2), recovery.MaxDisconnectionDuration);
    }

    private async Task<(TestUser Coach, TestUser Pat, string SessionId, VideoClient CoachSocket, NodeClient Node, string Sid)> ConnectedAsync()
    {
        var coach = await LoginAsync("Coach", "coach");
        var pat = await LoginAsync("Pat");
        var sessionId = await coach.CreateSessionAsync();
        await pat.JoinAsync(sessionId);
        var coachSocket = await ConnectAsync(coach, sessionId);
        var node = await NodeClient.StartRecoveryDriverAsync();
        _nodes.Add(node);

        await node.ConnectAsync(App, "pat", pat.Token, sessionId);
        var connected = await node.WaitForAsync("pat", "connect");
        Assert.False(connected.GetProperty("recovered").GetBoolean());
        var sid = connected.GetProperty("sid").GetString()!;
        await node.WaitForAsync("pat", "event", "participants");
        await coachSocket.WaitForAsync("participant-joined", p => p.GetProperty("socketId").GetString() == sid);
        // The client has an offset to recover from once it received a logged event.
        await SyncNodeAsync(coach, sessionId, node);
        return (coach, pat, sessionId, coachSocket, node, sid);
    }

    private readonly List<NodeClient> _nodes = [];

    public override async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.DisposeAsync();
        await base.DisposeAsync();
    }

    private static async Task SyncNodeAsync(TestUser sender, string sessionId, NodeClient node)
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await sender.PostOkAsync($"/api/sessions/{sessionId}/messages", new { text = marker });
        await node.WaitForAsync(r => Is(r, "event", "pat") && r.GetProperty("event").GetString() == "chat-message-added"
            && r.GetProperty("args")[0].GetProperty("text").GetString() == marker);
    }

    private static bool Is(JsonElement report, string type, string client) =>
        report.GetProperty("type").GetString() == type && report.TryGetProperty("client", out var c) && c.GetString() == client;

    private static List<(string Event, JsonElement Payload)> Events(NodeClient node, string client, int connection) =>
        node.Reports()
            .Where(r => Is(r, "event", client) && r.GetProperty("n").GetInt32() == connection)
            .Select(r => (r.GetProperty("event").GetString()!, r.GetProperty("args")[0]))
            .ToList();
}

/// <summary><c>SocketIO:ConnectionStateRecovery:*</c> from configuration.</summary>
public sealed class RecoveryConfigurationTests
{
    [Fact]
    public async Task Enabled_false_turns_recovery_off_and_a_broken_connection_comes_back_as_a_new_socket()
    {
        await using var test = new ConfiguredApp(new Dictionary<string, string?> { ["SocketIO:ConnectionStateRecovery:Enabled"] = "false" });
        await test.InitializeAsync();
        Assert.Null(test.Recovery);

        var coach = await test.Login("Coach", "coach");
        var sessionId = await coach.CreateSessionAsync();
        await using var node = await NodeClient.StartRecoveryDriverAsync();
        await node.ConnectAsync(test.App, "pat", coach.Token, sessionId);
        var first = await node.WaitForAsync("pat", "connect");
        await node.WaitForAsync("pat", "event", "participants");
        await node.DropAsync("pat");
        await node.WaitForAsync("pat", "disconnect");
        await node.ReconnectAsync("pat");
        var back = await node.WaitForAsync(r => r.GetProperty("type").GetString() == "connect" && r.GetProperty("n").GetInt32() == 2);
        Assert.False(back.GetProperty("recovered").GetBoolean());
        Assert.NotEqual(first.GetProperty("sid").GetString(), back.GetProperty("sid").GetString());
    }

    [Fact]
    public async Task Configured_values_override_the_defaults_without_losing_the_others()
    {
        await using var test = new ConfiguredApp(new Dictionary<string, string?>
        {
            ["SocketIO:ConnectionStateRecovery:MaxDisconnectionDuration"] = "00:00:30",
            ["SocketIO:ConnectionStateRecovery:MaxPacketsPerNamespace"] = "500",
        });
        await test.InitializeAsync();

        var recovery = test.Recovery;
        Assert.NotNull(recovery);
        Assert.Equal(TimeSpan.FromSeconds(30), recovery.MaxDisconnectionDuration);
        Assert.Equal(500, recovery.MaxPacketsPerNamespace);
        // The generic binding of SocketIO:* must not turn these back to the library's defaults (all namespaces, skip checks).
        Assert.Equal(new[] { "/video" }, recovery.Namespaces);
        Assert.False(recovery.SkipMiddlewares);
    }

    [Fact]
    public async Task Namespaces_from_configuration_replace_the_default()
    {
        await using var test = new ConfiguredApp(new Dictionary<string, string?>
        {
            ["SocketIO:ConnectionStateRecovery:Namespaces:0"] = "/other",
        });
        await test.InitializeAsync();
        Assert.Equal(new[] { "/other" }, test.Recovery!.Namespaces);
        Assert.False(test.Recovery.AppliesTo("/video"));
    }

    private sealed class ConfiguredApp(IDictionary<string, string?> settings) : AppTest, IAsyncDisposable
    {
        protected override IDictionary<string, string?> Settings => settings;

        public ConnectionStateRecoveryOptions? Recovery =>
            App.Services.GetRequiredService<IOptions<SocketIOOptions>>().Value.ConnectionStateRecovery;

        internal new TestApp App => base.App;

        internal Task<TestUser> Login(string name, string role) => LoginAsync(name, role);
    }
}
