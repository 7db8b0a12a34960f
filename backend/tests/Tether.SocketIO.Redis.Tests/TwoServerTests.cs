using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.SocketIO.Redis.Tests.Infrastructure;

namespace Tether.SocketIO.Redis.Tests;

/// <summary>Two Tether servers, each with its own Redis adapter, on one Redis.</summary>
public sealed class TwoServerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly string[] Events = ["news", "room-news", "team-news", "direct", "question", "marker"];

    private static JsonObject Auth(string name, params string[] rooms)
        => new() { ["name"] = name, ["rooms"] = new JsonArray(rooms.Select(r => (JsonNode?)r).ToArray()) };

    [Fact]
    public async Task A_broadcast_emitted_on_one_server_reaches_the_clients_of_both_exactly_once()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await using var b = await TetherNode.StartAsync(redis, key);
        await using var onA = await DotNetClient.ConnectAsync("onA", a.Url, null, Events);
        await using var onB = await DotNetClient.ConnectAsync("onB", b.Url, null, Events);

        await b.Io.EmitAsync("news", new { text = "hello" }, new byte[] { 1, 2, 3 });
        await b.Io.EmitAsync("marker");

        foreach (var client in new[] { onA, onB })
        {
            await client.Log.WaitAsync(r => r.IsEvent("marker"), $"{client.Name} to get the marker");
            var news = Assert.Single(client.Received("news"));
            Assert.Equal("hello", news[0]!["text"]!.GetValue<string>());
            Assert.True(BinJson.IsBin(news[1], out var bytes), news.ToJsonString());
            Assert.Equal(new byte[] { 1, 2, 3 }, bytes);
        }
    }

    [Fact]
    public async Task Rooms_and_except_rooms_apply_on_the_other_server()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await using var b = await TetherNode.StartAsync(redis, key);
        await using var member = await DotNetClient.ConnectAsync("member", a.Url, Auth("m", "r1"), Events);
        await using var vip = await DotNetClient.ConnectAsync("vip", a.Url, Auth("v", "r1", "vip"), Events);
        await using var outsider = await DotNetClient.ConnectAsync("outsider", a.Url, null, Events);

        await b.Io.Sockets.To("r1").Except("vip").EmitAsync("room-news", "for r1 but not vip");
        await b.Io.Sockets.To(["r1", "vip"]).EmitAsync("news", "to r1 or vip, once each");
        await b.Io.EmitAsync("marker");

        foreach (var client in new[] { member, vip, outsider })
            await client.Log.WaitAsync(r => r.IsEvent("marker"), $"{client.Name} to get the marker");
        Assert.Single(member.Received("room-news"));
        Assert.Empty(vip.Received("room-news"));
        Assert.Empty(outsider.Received("room-news"));
        Assert.Single(member.Received("news"));
        Assert.Single(vip.Received("news"));
        Assert.Empty(outsider.Received("news"));
    }

    [Fact]
    public async Task FetchSockets_returns_the_sockets_of_every_server_with_their_rooms_and_data()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await using var b = await TetherNode.StartAsync(redis, key);
        await using var alice = await DotNetClient.ConnectAsync("alice", a.Url, Auth("alice", "r1"), Events);
        await using var bob = await DotNetClient.ConnectAsync("bob", b.Url, Auth("bob"), Events);

        var all = await b.Io.Sockets.FetchSocketsAsync();
        var inRoom = await b.Io.Sockets.In("r1").FetchSocketsAsync();

        Assert.Equal(new[] { alice.Id, bob.Id }.Order(), all.Select(s => s.Id).Order());
        var remote = Assert.Single(inRoom);
        Assert.Equal(alice.Id, remote.Id);
        Assert.Contains("r1", remote.Rooms);
        Assert.Contains(alice.Id, remote.Rooms);
        Assert.Equal("alice", ((JsonElement)remote.Data["name"]!).GetString());
        Assert.Equal("dotnet", ((JsonElement)remote.Data["runtime"]!).GetString());
        Assert.Equal("alice", remote.Handshake.Auth!.Value.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_server_makes_the_other_servers_sockets_join_and_leave_rooms()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await using var b = await TetherNode.StartAsync(redis, key);
        await using var client = await DotNetClient.ConnectAsync("client", a.Url, null, Events);
        var local = a.Io.Sockets.Sockets[client.Id];

        var remote = (await b.Io.Sockets.FetchSocketsAsync()).Single(s => s.Id == client.Id);
        await remote.JoinAsync("team");
        await Timeouts.WaitUntilAsync(() => Task.FromResult(local.Rooms.Contains("team")), "the socket on A to join 'team'");
        await b.Io.Sockets.To("team").EmitAsync("team-news", 1);
        await client.Log.WaitAsync(r => r.IsEvent("team-news"), "team-news while in the room");

        await b.Io.Sockets.In(client.Id).SocketsLeaveAsync("team");
        await Timeouts.WaitUntilAsync(() => Task.FromResult(!local.Rooms.Contains("team")), "the socket on A to leave 'team'");
        await b.Io.Sockets.To("team").EmitAsync("team-news", 2);
        await remote.EmitAsync("direct", "to the socket itself");
        await b.Io.EmitAsync("marker");

        await client.Log.WaitAsync(r => r.IsEvent("marker"), "the marker");
        Assert.Single(client.Received("team-news"));
        Assert.Single(client.Received("direct"));
    }

    [Fact]
    public async Task A_server_disconnects_the_other_servers_sockets()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await using var b = await TetherNode.StartAsync(redis, key);
        await using var target = await DotNetClient.ConnectAsync("target", a.Url, Auth("t", "doomed"), Events);
        await using var bystander = await DotNetClient.ConnectAsync("bystander", a.Url, null, Events);

        await b.Io.Sockets.In("doomed").DisconnectSocketsAsync();

        await target.Log.WaitAsync(r => r.Type() == "disconnect", "the target to be disconnected");
        await Timeouts.WaitUntilAsync(() => Task.FromResult(!a.Io.Sockets.Sockets.ContainsKey(target.Id)), "A to drop the socket");
        Assert.True(a.Io.Sockets.Sockets.ContainsKey(bystander.Id));
    }

    [Fact]
    public async Task Server_side_emits_reach_the_other_server_and_come_back_acknowledged()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await using var b = await TetherNode.StartAsync(redis, key);

        await a.Io.Sockets.ServerSideEmitAsync("sse", "plain", 1);
        var replies = await a.Io.Sockets.ServerSideEmitWithAckAsync(TimeSpan.FromSeconds(5), "sse-ack", "question");
        var fromA = await b.Io.Sockets.ServerSideEmitWithAckAsync(TimeSpan.FromSeconds(5), "sse-ack", "back");

        var plain = await b.ServerSide.WaitAsync(r => r.Str("event") == "sse", "B to receive the plain server-side emit");
        Assert.Equal("""["plain",1]""", plain["args"]!.ToJsonString());
        var reply = Assert.Single(replies).Get<JsonObject>(0)!;
        Assert.Equal("dotnet", reply["from"]!.GetValue<string>());
        Assert.Equal("""["question"]""", reply["args"]!.ToJsonString());
        Assert.Single(fromA);
        // A handled its own requests (in order, before B's) and ignored them: it never heard its own emits.
        Assert.Equal(0, a.ServerSide.Count(r => r.Str("event") == "sse"));
        Assert.Equal(1, a.ServerSide.Count(r => r.Str("event") == "sse-ack"));
    }

    [Fact]
    public async Task An_acknowledged_broadcast_collects_the_replies_of_clients_on_both_servers()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await using var b = await TetherNode.StartAsync(redis, key);
        await using var onA = await DotNetClient.ConnectAsync("onA", a.Url, null, Events, acks: ["question"]);
        await using var onB = await DotNetClient.ConnectAsync("onB", b.Url, null, Events, acks: ["question"]);

        var replies = await a.Io.Sockets.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("question", 42);

        Assert.Equal(["onA", "onB"], replies.Select(r => r.Get<JsonObject>(0)!["client"]!.GetValue<string>()).Order());
        Assert.Equal(2, await a.Adapter.ServerCountAsync());
    }

    [Fact]
    public async Task AllRooms_lists_the_rooms_of_every_server()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await using var b = await TetherNode.StartAsync(redis, key);
        await using var onA = await DotNetClient.ConnectAsync("onA", a.Url, Auth("x", "red"), Events);
        await using var onB = await DotNetClient.ConnectAsync("onB", b.Url, Auth("y", "blue"), Events);

        var rooms = await a.Io.Sockets.Adapter.AllRoomsAsync();

        Assert.Contains("red", rooms);
        Assert.Contains("blue", rooms);
        Assert.Contains(onB.Id, rooms);
    }
}
