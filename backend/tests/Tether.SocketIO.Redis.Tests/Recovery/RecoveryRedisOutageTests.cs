using System.Text.Json.Nodes;
using Tether.SocketIO.Redis.Internal.Recovery;
using Tether.SocketIO.Redis.Tests.Infrastructure;

namespace Tether.SocketIO.Redis.Tests.Recovery;

/// <summary>Connection state recovery while Redis is unreachable (a Redis of its own: it is killed and restarted).</summary>
public sealed class RecoveryRedisOutageTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Without_Redis_broadcasts_are_delivered_locally_and_a_client_recovers_on_the_same_server()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        await using var client = RecoveryClient.Start();
        var id = await client.ConnectAsync(a.Url, auth: new JsonObject { ["rooms"] = new JsonArray("r1") });
        await a.Io.Sockets.To("r1").EmitAsync("news", 0);
        await client.Log.WaitAsync(r => r.IsEvent("news"), "news 0");

        await redis.KillAsync();
        await Timeouts.WaitUntilAsync(() => Task.FromResult(!a.Adapter.IsConnected), "A to notice the outage");
        await a.Io.Sockets.To("r1").EmitAsync("news", 1);
        await client.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<int>() == 1, "news 1 during the outage");
        await client.DropAsync();
        await Timeouts.WaitUntilAsync(() => Task.FromResult(!a.Io.Sockets.Sockets.ContainsKey(id)), "A to see the client go");
        await a.Logs.Log.WaitAsync(r => r.Str("message")?.Contains("kept in this server's memory") == true, "the warning about the session");
        await a.Io.Sockets.To("r1").EmitAsync("news", 2);

        Assert.Equal(id, await client.ReconnectAsync(a.Url));
        Assert.True(a.Io.Sockets.Sockets[id].Recovered);
        await a.Io.Sockets.To("r1").EmitAsync("news", 3);
        await client.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<int>() == 3, "news 3 after the recovery");
        var news = client.Received("news");
        Assert.Equal([0, 1, 2, 3], news.Select(args => args[0]!.GetValue<int>()));
        Assert.True(StreamOffset.TryParse(news[0][^1]!.GetValue<string>(), out _));
        Assert.All(news.Skip(1), args => Assert.False(StreamOffset.TryParse(args[^1]!.GetValue<string>(), out _)));

        // Redis back (with an empty script cache): broadcasts are logged there again.
        await redis.StartAsync();
        await Timeouts.WaitUntilAsync(async () => a.Adapter.IsConnected && await a.Adapter.IsSubscribedAsync(), "A to reconnect", TimeSpan.FromSeconds(20));
        await a.Io.Sockets.To("r1").EmitAsync("news", 4);
        var last = await client.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<int>() == 4, "news 4 after the outage");
        Assert.True(StreamOffset.TryParse(last["args"]![1]!.GetValue<string>(), out _), last.ToJsonString());
    }
}
