using StackExchange.Redis;
using Tether.SocketIO.Redis.Tests.Infrastructure;

namespace Tether.SocketIO.Redis.Tests;

/// <summary>A cluster member that subscribes but never answers: requests must fail with a clear, bounded error.</summary>
public sealed class RequestTimeoutTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Requests_to_a_server_that_does_not_answer_time_out_with_an_error_naming_the_operation()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, o => o.RequestsTimeout = TimeSpan.FromSeconds(1));
        // A "server" that is counted (it subscribes to the request channel) but is deaf.
        await using var mute = await ConnectionMultiplexer.ConnectAsync(redis.Configuration());
        await mute.GetSubscriber().SubscribeAsync(RedisChannel.Literal($"{key}-request#/#"), (_, _) => { });
        Assert.Equal(2, await a.Adapter.ServerCountAsync());

        var fetch = await Assert.ThrowsAsync<RedisRequestTimeoutException>(() => a.Io.Sockets.FetchSocketsAsync());
        var rooms = await Assert.ThrowsAsync<RedisRequestTimeoutException>(() => a.Io.Sockets.Adapter.AllRoomsAsync().AsTask());
        var sse = await Assert.ThrowsAsync<SocketIOAckTimeoutException>(
            () => a.Io.Sockets.ServerSideEmitWithAckAsync(TimeSpan.FromSeconds(1), "sse-ack", "anyone?"));

        Assert.Equal("fetchSockets", fetch.Operation);
        Assert.Equal((1, 0), (fetch.ExpectedResponses, fetch.ReceivedResponses));
        Assert.Contains("fetchSockets", fetch.Message);
        Assert.Equal("allRooms", rooms.Operation);
        Assert.Contains("serverSideEmit", sse.Message);
        Assert.Empty(sse.Replies);
    }

    [Fact]
    public async Task An_acknowledged_broadcast_times_out_with_the_replies_that_came()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key);
        await using var mute = await ConnectionMultiplexer.ConnectAsync(redis.Configuration());
        await mute.GetSubscriber().SubscribeAsync(RedisChannel.Literal($"{key}-request#/#"), (_, _) => { });
        await using var client = await DotNetClient.ConnectAsync("c", a.Url, null, ["question"], acks: ["question"]);

        var timeout = await Assert.ThrowsAsync<SocketIOAckTimeoutException>(
            () => a.Io.Sockets.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("question", 1));

        Assert.Single(timeout.Replies);
    }
}
