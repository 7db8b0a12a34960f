using Soak.Client;
using Soak.Cluster;

namespace VideoConf.Cluster.Tests.Infrastructure;

/// <summary>
/// Two real VideoConf processes (A and B) sharing one data folder and signing key, on a private redis-server.
/// Everything is killed when the test class is done, also when a test failed (and by a watchdog if the test
/// runner itself dies).
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private AppCluster? _cluster;

    public AppCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster did not start.");

    public AppProcess A => Cluster[0];

    public AppProcess B => Cluster[1];

    public RedisProcess Redis => Cluster.Redis!;

    /// <summary>Extra server settings (environment variables) of this fixture's processes.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        _cluster = await AppCluster.StartAsync(2, useRedis: true, Settings);
        await Cluster.WaitForRedisHealthyAsync(Timeouts.Long);
        await WaitForCrossTalkAsync();
    }

    /// <summary>
    /// Waits (bounded) until a room broadcast made on each process reaches a socket on the other: /health only says
    /// the adapter is connected, not that its subscriptions are back.
    /// </summary>
    public async Task WaitForCrossTalkAsync()
    {
        var coach = await ApiUser.LoginAsync(A.BaseAddress, "Probe coach", "coach");
        var sessionId = await coach.CreateSessionAsync("probe");
        var listener = await ApiUser.LoginAsync(B.BaseAddress, "Probe listener", "participant");
        await listener.JoinAsync(sessionId);
        await using var onA = await Raw.ConnectAsync(coach.On(A.BaseAddress), sessionId);
        await using var onB = await Raw.ConnectAsync(listener.On(B.BaseAddress), sessionId);
        foreach (var (from, to) in new[] { (A, onB), (B, onA) })
        {
            var n = 0;
            await Wait.UntilAsync(async () =>
            {
                var text = $"probe-{from.Name}-{++n}";
                await coach.On(from.BaseAddress).SendMessageAsync(sessionId, text);
                try
                {
                    await to.WaitForAsync("chat-message-added", m => m.GetProperty("text").GetString() == text, TimeSpan.FromSeconds(1));
                    return true;
                }
                catch (TimeoutException)
                {
                    return false;
                }
            }, $"a broadcast from {from.Name} to reach the other process", Timeouts.Long);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}

/// <summary>Bounds of every wait in these tests.</summary>
public static class Timeouts
{
    /// <summary>One expected event or connection.</summary>
    public static readonly TimeSpan Event = TimeSpan.FromSeconds(10);

    /// <summary>Recovering from an outage (Redis back, reconnection to the other process).</summary>
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
}

/// <summary>Raw-client shorthands.</summary>
public static class Raw
{
    /// <summary>A raw Socket.IO client of <paramref name="user"/> on its server, recording everything.</summary>
    public static Task<RawSocketIOClient> ConnectAsync(ApiUser user, string sessionId, IReadOnlyList<Uri>? failover = null,
        Func<Task>? beforeReconnect = null, int? receiveBufferSize = null) =>
        RawSocketIOClient.ConnectAsync(new RawClientOptions
        {
            Urls = failover ?? [user.Server],
            Query = new Dictionary<string, string> { ["sessionId"] = sessionId, ["userId"] = user.Id },
            Token = user.Token,
            Reconnect = failover is not null,
            BeforeReconnect = beforeReconnect,
            ReceiveBufferSize = receiveBufferSize,
            ReconnectFor = Timeouts.Long,
        });
}
