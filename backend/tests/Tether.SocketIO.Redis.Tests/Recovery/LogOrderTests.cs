using System.Diagnostics;
using System.Text.Json.Nodes;
using Tether.SocketIO.Redis.Internal.Recovery;
using Tether.SocketIO.Redis.Tests.Infrastructure;

namespace Tether.SocketIO.Redis.Tests.Recovery;

/// <summary>
/// Every server delivers the logged broadcasts in log order, its own included: a client's last offset is then always
/// the newest packet it has, so a recovery replays exactly what it missed.
/// </summary>
public sealed class LogOrderTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_server_delivers_its_own_broadcast_after_an_older_one_of_another_server_that_is_slow_to_arrive()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        // A member of "big" on A: A decodes B's big broadcast on its subscription, which holds up what B sends next.
        await using var probe = await DotNetClient.ConnectAsync("probe", a.Url, new JsonObject { ["rooms"] = new JsonArray("big") }, ["big"]);
        await using var client = RecoveryClient.Start();
        await client.ConnectAsync(a.Url);
        await client.EmitWithAckAsync("join", "r1");

        for (var round = 0; round < 3; round++)
        {
            await b.Io.Sockets.To("big").EmitAsync("big", Enumerable.Range(0, 200_000).ToArray());
            await b.Io.Sockets.To("r1").EmitAsync("news", $"b{round}"); // logged first...
            await a.Io.Sockets.To("r1").EmitAsync("news", $"a{round}"); // ...then this one: A must deliver it after
            await client.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<string>() == $"a{round}", $"a{round}");
            await client.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<string>() == $"b{round}", $"b{round}");
        }

        var news = client.Received("news");
        Assert.Equal(["b0", "a0", "b1", "a1", "b2", "a2"], news.Select(args => args[0]!.GetValue<string>()));
        StreamOffset? previous = null;
        foreach (var args in news)
        {
            Assert.True(StreamOffset.TryParse(args[^1]!.GetValue<string>(), out var offset));
            if (previous is { } p) Assert.True(offset > p);
            previous = offset;
        }
    }

    [Fact]
    public async Task Local_broadcasts_are_delivered_in_log_order_too_and_only_by_their_server()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var onA = RecoveryClient.Start();
        await onA.ConnectAsync(a.Url);
        await using var onB = RecoveryClient.Start();
        await onB.ConnectAsync(b.Url);

        for (var n = 0; n < 20; n++)
        {
            await a.Io.Sockets.Local.EmitAsync("news", $"local {n}");
            await b.Io.Sockets.EmitAsync("news", $"all {n}");
        }
        await onA.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<string>() == "all 19", "all 19 on A");
        await onB.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<string>() == "all 19", "all 19 on B");

        var expected = Enumerable.Range(0, 20).SelectMany(n => new[] { $"local {n}", $"all {n}" });
        Assert.Equal(expected, onA.Received("news").Select(args => args[0]!.GetValue<string>()));
        Assert.Equal(Enumerable.Range(0, 20).Select(n => $"all {n}"), onB.Received("news").Select(args => args[0]!.GetValue<string>()));
        Assert.Equal(0, a.Adapter.PendingEchoCount);
    }

    [Fact]
    public async Task Latency_of_local_delivery_stays_about_one_redis_round_trip()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var client = RecoveryClient.Start();
        await client.ConnectAsync(a.Url);
        var watch = new Stopwatch();
        const int Count = 500;
        // The time until the adapter handed the broadcast to the local sockets (EmitAsync completes then).
        watch.Start();
        for (var n = 0; n < Count; n++) await a.Io.Sockets.EmitAsync("news", n);
        watch.Stop();
        var perBroadcast = watch.Elapsed / Count;
        TestContext.Current.TestOutputHelper?.WriteLine($"logged broadcast, sequential: {perBroadcast.TotalMilliseconds:F3} ms each");
        Assert.True(perBroadcast < TimeSpan.FromMilliseconds(20), $"{perBroadcast.TotalMilliseconds} ms per logged broadcast");
        Assert.Equal(0, a.Adapter.PendingEchoCount);
    }
}
