using Tether.SocketIO.Redis.Tests.Infrastructure;

namespace Tether.SocketIO.Redis.Tests;

/// <summary>Redis goes away and comes back while two servers run: they recover by themselves.</summary>
public sealed class RedisRestartTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly string[] Events = ["before", "during", "after", "probe", "marker"];

    [Fact]
    public async Task After_Redis_restarts_broadcasts_flow_again_and_the_outage_is_reported()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await using var b = await TetherNode.StartAsync(redis, key);
        await using var onA = await DotNetClient.ConnectAsync("onA", a.Url, null, Events);
        await using var onB = await DotNetClient.ConnectAsync("onB", b.Url, null, Events);
        await b.Io.EmitAsync("before");
        await onA.Log.WaitAsync(r => r.IsEvent("before"), "the broadcast before the outage");

        await redis.KillAsync();
        await Timeouts.WaitUntilAsync(() => Task.FromResult(!a.Adapter.IsConnected && !b.Adapter.IsConnected), "both servers to notice the outage");
        await b.Io.EmitAsync("during");

        // Local delivery goes on; the lost publish is counted and logged.
        await onB.Log.WaitAsync(r => r.IsEvent("during"), "local delivery during the outage");
        Assert.True(b.Adapter.FailedPublishCount >= 1);
        await b.Logs.Log.WaitAsync(r => r.Str("message")?.Contains("publishing to Redis failed") == true, "a warning about the failed publish");

        await redis.StartAsync();
        await Timeouts.WaitUntilAsync(
            async () => a.Adapter.IsConnected && b.Adapter.IsConnected && await a.Adapter.IsSubscribedAsync() && await b.Adapter.IsSubscribedAsync(),
            "both servers to reconnect and resubscribe", TimeSpan.FromSeconds(20));
        // Subscriptions are restored as a batch; a probe that arrives proves the broadcast pattern is back too.
        await Timeouts.WaitUntilAsync(async () =>
        {
            await b.Io.EmitAsync("probe");
            return onA.Received("probe").Count > 0;
        }, "a broadcast from B to reach A again");
        await b.Io.EmitAsync("after");
        await b.Io.EmitAsync("marker");

        await onA.Log.WaitAsync(r => r.IsEvent("marker"), "the marker after the outage");
        Assert.Single(onA.Received("after"));
        Assert.Empty(onA.Received("during"));
        await b.Logs.Log.WaitAsync(r => r.Str("message")?.Contains("failed while Redis was unavailable") == true, "the outage summary");
    }

    [Fact]
    public async Task A_server_started_while_Redis_is_down_joins_the_cluster_when_Redis_comes_up()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await redis.KillAsync();
        await Timeouts.WaitUntilAsync(() => Task.FromResult(!a.Adapter.IsConnected), "A to notice the outage");

        await using var late = await TetherNode.StartAsync(redis, key, waitForRedis: false);
        await using var onLate = await DotNetClient.ConnectAsync("onLate", late.Url, null, Events);
        await late.Io.EmitAsync("during"); // local delivery works without Redis
        await onLate.Log.WaitAsync(r => r.IsEvent("during"), "local delivery on a server that never reached Redis");

        await redis.StartAsync();
        await Timeouts.WaitUntilAsync(
            async () => await late.Adapter.IsSubscribedAsync() && await a.Adapter.IsSubscribedAsync(),
            "both servers to (re)subscribe", TimeSpan.FromSeconds(20));
        await Timeouts.WaitUntilAsync(async () =>
        {
            await a.Io.EmitAsync("probe");
            return onLate.Received("probe").Count > 0;
        }, "a broadcast from A to reach the late server");
        await a.Io.EmitAsync("after");
        await a.Io.EmitAsync("marker");

        await onLate.Log.WaitAsync(r => r.IsEvent("marker"), "the marker");
        Assert.Single(onLate.Received("after"));
    }
}
