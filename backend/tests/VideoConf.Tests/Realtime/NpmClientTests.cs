using System.Text.Json.Nodes;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Realtime;

/// <summary>The same flows with the browser's own client library (npm socket.io-client 4.8), as the React app uses it.</summary>
public sealed class NpmClientTests : AppTest
{
    [Fact]
    public async Task The_npm_client_is_admitted_gets_events_once_and_chats_with_acks()
    {
        var coach = await LoginAsync("Coach", "coach");
        var participant = await LoginAsync("Pat");
        var outsider = await LoginAsync("Eve");
        var sessionId = await coach.CreateSessionAsync();
        await participant.JoinAsync(sessionId);
        await using var node = await NodeClient.StartAsync();

        await node.ConnectAsync(App, "pat", participant.Token, sessionId);
        await node.ConnectAsync(App, "eve", outsider.Token, sessionId);
        await node.WaitForAsync("pat", "connect");
        var refused = await node.WaitForAsync("eve", "connect_error");
        Assert.Equal("forbidden", refused.GetProperty("message").GetString());
        Assert.Equal(403, refused.GetProperty("data").GetProperty("code").GetInt32());
        var participants = (await node.WaitForAsync("pat", "event", "participants")).GetProperty("args")[0];
        Assert.Equal(participant.Id, participants[0].GetProperty("userId").GetString());

        var resource = await TestUser.ReadOkAsync(await coach.UploadAsync(sessionId, "n.txt", [1, 2]));
        await node.EmitWithAckAsync("pat", "chat-message", new JsonObject { ["text"] = "from node", ["clientId"] = "n-1" }, "r1");
        var ack = (await node.WaitForAsync(r => r.GetProperty("type").GetString() == "ack" && r.GetProperty("req").GetString() == "r1")).GetProperty("args")[0];
        Assert.True(ack.GetProperty("ok").GetBoolean());
        Assert.Equal("n-1", ack.GetProperty("message").GetProperty("clientId").GetString());

        // The chat event was emitted after the upload, so once it is in, the upload event is too (and only once).
        await node.WaitForAsync(r => r.GetProperty("type").GetString() == "event" && r.GetProperty("event").GetString() == "chat-message-added");
        Assert.Single(node.Events("pat", "resource-uploaded"), r => r.GetProperty("_id").GetString() == Id(resource));
        Assert.Empty(node.Events("eve", "resource-uploaded"));
    }
}
