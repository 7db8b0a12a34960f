using System.Text.Json.Nodes;
using Tether.SocketIO.Redis.Internal.Recovery;
using Tether.SocketIO.Redis.Tests.Infrastructure;

namespace Tether.SocketIO.Redis.Tests.Recovery;

/// <summary>
/// A Tether server with connection state recovery in a cluster with a Node.js member (@socket.io/redis-adapter,
/// which has no recovery): the classic wire format still works both ways.
/// </summary>
public sealed class RecoveryMixedClusterTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_Node_member_delivers_logged_broadcasts_with_the_offset_as_last_argument_and_its_own_still_reach_Tether_clients()
    {
        var key = Keys.New();
        await using var tether = await TetherNode.StartAsync(redis, key, configureIo: o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        await using var node = await NodeMember.StartAsync(redis, key);
        await Timeouts.WaitUntilAsync(async () => await tether.Adapter.ServerCountAsync() == 2, "both servers to subscribe");
        await node.ConnectClientAsync("nodeOnNode", node.Url, new JsonObject { ["rooms"] = new JsonArray("r1") });
        await using var client = RecoveryClient.Start();
        await client.ConnectAsync(tether.Url, auth: new JsonObject { ["rooms"] = new JsonArray("r1") });

        await tether.Io.Sockets.To("r1").EmitAsync("news", new { text = "hi", bytes = new byte[] { 1, 2 } }, 42);

        var onNode = (JsonArray)(await node.WaitForEventAsync("nodeOnNode", "news"))["args"]!;
        var onTether = (await client.Log.WaitAsync(r => r.IsEvent("news"), "the Tether client to get the news"))["args"]!.AsArray();
        Assert.Equal(3, onNode.Count);
        Assert.Equal("hi", onNode[0]!["text"]!.GetValue<string>());
        Assert.True(BinJson.IsBin(onNode[0]!["bytes"], out var bytes), onNode.ToJsonString());
        Assert.Equal(new byte[] { 1, 2 }, bytes);
        Assert.Equal(42, onNode[1]!.GetValue<int>());
        var offset = onNode[2]!.GetValue<string>();
        Assert.True(StreamOffset.TryParse(offset, out _), offset);
        Assert.Equal(offset, onTether[^1]!.GetValue<string>()); // one offset cluster-wide

        // The Node member's and the emitter's broadcasts carry no log offset: the Tether server gives them one of
        // its own log (a client that last saw one can recover on this server only).
        await node.RunAsync(new JsonObject { ["op"] = "emit", ["event"] = "from-node", ["args"] = new JsonArray("x"), ["to"] = "r1" });
        await node.RunAsync(new JsonObject { ["op"] = "emitterEmit", ["event"] = "from-emitter", ["args"] = new JsonArray("y"), ["to"] = "r1" });
        var fromNode = (await client.Log.WaitAsync(r => r.IsEvent("from-node"), "the Node member's broadcast"))["args"]!.AsArray();
        var fromEmitter = (await client.Log.WaitAsync(r => r.IsEvent("from-emitter"), "the emitter's broadcast"))["args"]!.AsArray();
        foreach (var (args, value) in new[] { (fromNode, "x"), (fromEmitter, "y") })
        {
            Assert.Equal(2, args.Count);
            Assert.Equal(value, args[0]!.GetValue<string>());
            Assert.False(StreamOffset.TryParse(args[1]!.GetValue<string>(), out _), args.ToJsonString());
        }
    }
}
