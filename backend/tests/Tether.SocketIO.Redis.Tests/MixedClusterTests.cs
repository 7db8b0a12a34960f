using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.SocketIO.Redis.Tests.Infrastructure;

namespace Tether.SocketIO.Redis.Tests;

/// <summary>
/// One cluster of a Node.js socket.io server (@socket.io/redis-adapter 8.3) and a Tether server on the same Redis,
/// with clients of both kinds: a .NET client and a Node client on each server.
/// </summary>
public sealed class MixedClusterTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private static readonly string[] Events = ["news", "room-news", "question", "emitted", "marker"];
    private readonly List<IAsyncDisposable> _owned = [];

    private TetherNode _tether = null!;
    private NodeMember _node = null!;
    private DotNetClient _dotnetOnTether = null!;
    private DotNetClient _dotnetOnNode = null!;

    public async ValueTask InitializeAsync()
    {
        var key = Keys.New();
        _tether = Own(await TetherNode.StartAsync(redis, key));
        _node = Own(await NodeMember.StartAsync(redis, key));
        // Both servers are counted before any test traffic: each subscribes to the request channel.
        await Timeouts.WaitUntilAsync(async () => await _tether.Adapter.ServerCountAsync() == 2, "both servers to subscribe");
        _dotnetOnTether = Own(await DotNetClient.ConnectAsync("dotnetOnTether", _tether.Url, Auth("dt", "r1"), Events, acks: ["question"]));
        _dotnetOnNode = Own(await DotNetClient.ConnectAsync("dotnetOnNode", _node.Url, Auth("dn", "r1", "vip"), Events, acks: ["question"]));
        await _node.ConnectClientAsync("nodeOnTether", _tether.Url, Auth("nt", "r1", "vip"));
        await _node.ConnectClientAsync("nodeOnNode", _node.Url, Auth("nn", "r1"));
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
    }

    private T Own<T>(T item) where T : IAsyncDisposable
    {
        _owned.Add(item);
        return item;
    }

    private static JsonObject Auth(string name, params string[] rooms)
        => new() { ["name"] = name, ["rooms"] = new JsonArray(rooms.Select(r => (JsonNode?)r).ToArray()) };

    /// <summary>Waits for the marker everywhere, then returns how many times each client got <paramref name="eventName"/>.</summary>
    private async Task<Dictionary<string, IReadOnlyList<JsonArray>>> CollectAsync(string eventName)
    {
        await _dotnetOnTether.Log.WaitAsync(r => r.IsEvent("marker"), "dotnetOnTether to get the marker");
        await _dotnetOnNode.Log.WaitAsync(r => r.IsEvent("marker"), "dotnetOnNode to get the marker");
        await _node.WaitForEventAsync("nodeOnTether", "marker");
        await _node.WaitForEventAsync("nodeOnNode", "marker");
        return new()
        {
            ["dotnetOnTether"] = _dotnetOnTether.Received(eventName),
            ["dotnetOnNode"] = _dotnetOnNode.Received(eventName),
            ["nodeOnTether"] = _node.Received("nodeOnTether", eventName),
            ["nodeOnNode"] = _node.Received("nodeOnNode", eventName),
        };
    }

    [Fact]
    public async Task A_broadcast_from_Node_with_a_room_an_except_and_binary_reaches_the_right_clients_of_both_servers_once()
    {
        await _node.RunAsync(new JsonObject
        {
            ["op"] = "emit", ["event"] = "room-news", ["to"] = new JsonArray("r1"), ["except"] = new JsonArray("vip"),
            ["args"] = new JsonArray("from node", BinJson.Bin([9, 8, 7]), new JsonObject { ["nested"] = BinJson.Bin([1]) }),
        });
        await _node.RunAsync(new JsonObject { ["op"] = "emit", ["event"] = "marker" });

        var received = await CollectAsync("room-news");

        Assert.Single(received["dotnetOnTether"]);
        Assert.Single(received["nodeOnNode"]);
        Assert.Empty(received["dotnetOnNode"]); // in vip
        Assert.Empty(received["nodeOnTether"]); // in vip
        var args = received["dotnetOnTether"][0];
        Assert.Equal("from node", args[0]!.GetValue<string>());
        Assert.True(BinJson.IsBin(args[1], out var bytes) && bytes.SequenceEqual(new byte[] { 9, 8, 7 }), args.ToJsonString());
        Assert.True(BinJson.IsBin(args[2]!["nested"], out var nested) && nested.SequenceEqual(new byte[] { 1 }), args.ToJsonString());
    }

    [Fact]
    public async Task A_broadcast_from_Tether_with_a_room_an_except_and_binary_reaches_the_right_clients_of_both_servers_once()
    {
        await _tether.Io.Sockets.To("r1").Except("vip").EmitAsync("room-news", "from tether", new byte[] { 4, 5 }, new { n = 1.5, ok = true });
        await _tether.Io.Sockets.To("r1").EmitAsync("news", "to the whole room");
        await _tether.Io.EmitAsync("marker");

        var received = await CollectAsync("room-news");
        var news = await CollectAsync("news");

        Assert.Single(received["dotnetOnTether"]);
        Assert.Single(received["nodeOnNode"]);
        Assert.Empty(received["dotnetOnNode"]);
        Assert.Empty(received["nodeOnTether"]);
        var args = received["nodeOnNode"][0];
        Assert.Equal("from tether", args[0]!.GetValue<string>());
        Assert.True(BinJson.IsBin(args[1], out var bytes) && bytes.SequenceEqual(new byte[] { 4, 5 }), args.ToJsonString());
        Assert.Equal("""{"n":1.5,"ok":true}""", args[2]!.ToJsonString());
        Assert.All(news.Values, list => Assert.Single(list));
    }

    [Fact]
    public async Task The_Redis_emitter_reaches_Tether_clients()
    {
        await _node.RunAsync(new JsonObject { ["op"] = "emitterEmit", ["event"] = "emitted", ["to"] = new JsonArray("vip"), ["args"] = new JsonArray(BinJson.Bin([42])) });
        await _node.RunAsync(new JsonObject { ["op"] = "emitterEmit", ["event"] = "marker" });

        var received = await CollectAsync("emitted");

        Assert.Empty(received["dotnetOnTether"]);
        Assert.Single(received["nodeOnTether"]);
        Assert.Single(received["dotnetOnNode"]);
        Assert.True(BinJson.IsBin(received["nodeOnTether"][0][0], out var bytes) && bytes.SequenceEqual(new byte[] { 42 }));
    }

    [Fact]
    public async Task FetchSockets_works_in_both_directions()
    {
        var fromTether = await _tether.Io.Sockets.In("vip").FetchSocketsAsync();
        var fromNode = (JsonArray)(await _node.RunAsync(new JsonObject { ["op"] = "fetchSockets", ["to"] = new JsonArray("r1") }))!;

        Assert.Equal(2, fromTether.Count); // dotnetOnNode (remote) and nodeOnTether (local)
        var remote = fromTether.Single(s => s.Id == _dotnetOnNode.Id);
        Assert.Equal("node", ((JsonElement)remote.Data["runtime"]!).GetString());
        Assert.Equal("dn", ((JsonElement)remote.Data["name"]!).GetString());
        Assert.Contains("vip", remote.Rooms);
        Assert.Equal("dn", remote.Handshake.Auth!.Value.GetProperty("name").GetString());

        Assert.Equal(4, fromNode.Count);
        var tetherSocket = fromNode.Single(s => s!["id"]!.GetValue<string>() == _dotnetOnTether.Id)!;
        Assert.Equal("dotnet", tetherSocket["data"]!["runtime"]!.GetValue<string>());
        Assert.Contains("r1", tetherSocket["rooms"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Server_side_emits_with_acknowledgements_work_in_both_directions()
    {
        var fromTether = await _tether.Io.Sockets.ServerSideEmitWithAckAsync(TimeSpan.FromSeconds(5), "sse-ack", "ping from tether");
        var fromNode = (JsonArray)(await _node.RunAsync(new JsonObject { ["op"] = "serverSideEmit", ["event"] = "sse-ack", ["ack"] = true, ["args"] = new JsonArray("ping from node") }))!;
        await _node.RunAsync(new JsonObject { ["op"] = "serverSideEmit", ["event"] = "sse", ["args"] = new JsonArray(1, "two") });

        var reply = Assert.Single(fromTether).Get<JsonObject>(0)!;
        Assert.Equal("node", reply["from"]!.GetValue<string>());
        Assert.Equal("""["ping from tether"]""", reply["args"]!.ToJsonString());
        var nodeReply = Assert.Single(fromNode)!;
        Assert.Equal("dotnet", nodeReply["from"]!.GetValue<string>());
        var plain = await _tether.ServerSide.WaitAsync(r => r.Str("event") == "sse", "Tether to receive Node's server-side emit");
        Assert.Equal("""[1,"two"]""", plain["args"]!.ToJsonString());
    }

    [Fact]
    public async Task Acknowledged_broadcasts_collect_replies_from_the_clients_of_both_servers()
    {
        // Node clients answer {client, event} to every acknowledged event, .NET clients too (asked to, for "question").
        var fromTether = await _tether.Io.Sockets.To("vip").Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("question", "from tether");
        var fromNode = (JsonArray)(await _node.RunAsync(new JsonObject
        {
            ["op"] = "emitWithAck", ["event"] = "question", ["to"] = new JsonArray("r1"), ["timeoutMs"] = 5000, ["args"] = new JsonArray("from node"),
        }))!;

        Assert.Equal(["dotnetOnNode", "nodeOnTether"], fromTether.Select(r => r.Get<JsonObject>(0)!["client"]!.GetValue<string>()).Order());
        Assert.Equal(
            ["dotnetOnNode", "dotnetOnTether", "nodeOnNode", "nodeOnTether"],
            fromNode.Select(r => r!["client"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Node_makes_Tether_sockets_join_rooms_and_disconnects_them()
    {
        await _node.RunAsync(new JsonObject { ["op"] = "socketsJoin", ["to"] = new JsonArray(_dotnetOnTether.Id), ["rooms"] = new JsonArray("joined-by-node") });
        var local = _tether.Io.Sockets.Sockets[_dotnetOnTether.Id];
        await Timeouts.WaitUntilAsync(() => Task.FromResult(local.Rooms.Contains("joined-by-node")), "the Tether socket to join the room");
        await _node.RunAsync(new JsonObject { ["op"] = "emit", ["event"] = "news", ["to"] = new JsonArray("joined-by-node"), ["args"] = new JsonArray("hi") });
        await _dotnetOnTether.Log.WaitAsync(r => r.IsEvent("news"), "news to the room Node made the socket join");

        await _node.RunAsync(new JsonObject { ["op"] = "disconnectSockets", ["to"] = new JsonArray("joined-by-node") });

        await _dotnetOnTether.Log.WaitAsync(r => r.Type() == "disconnect", "the Tether socket to be disconnected by Node");
    }

    [Fact]
    public async Task Tether_makes_Node_sockets_join_rooms()
    {
        await _tether.Io.Sockets.In(_dotnetOnNode.Id).SocketsJoinAsync("joined-by-tether");
        // Node applies it asynchronously; a Node-side fetch shows when it is done.
        await Timeouts.WaitUntilAsync(async () =>
        {
            var sockets = (JsonArray)(await _node.RunAsync(new JsonObject { ["op"] = "fetchSockets", ["to"] = new JsonArray("joined-by-tether") }))!;
            return sockets.Count == 1;
        }, "the Node socket to join the room");

        await _tether.Io.Sockets.To("joined-by-tether").EmitAsync("news", "hi");
        await _dotnetOnNode.Log.WaitAsync(r => r.IsEvent("news"), "news to the room Tether made the socket join");
    }
}
