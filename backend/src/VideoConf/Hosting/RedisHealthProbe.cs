using Tether.SocketIO.Redis;
using VideoConf.Storage.Contract;

namespace VideoConf.Hosting;

/// <summary>
/// Reports whether the Redis adapter is connected. Registered only when <c>ConnectionStrings:Redis</c> is set; while
/// Redis is down this process still serves its own clients, but broadcasts no longer reach the other processes, so
/// the load balancer should prefer a healthy replica.
/// </summary>
internal sealed class RedisHealthProbe(RedisAdapterFactory redis) : IHealthProbe
{
    public string Name => "redis";

    public Task<ProbeResult> CheckAsync(CancellationToken ct) => Task.FromResult(new ProbeResult("redis", redis.IsConnected));
}
