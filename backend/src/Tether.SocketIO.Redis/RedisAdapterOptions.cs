using StackExchange.Redis;

namespace Tether.SocketIO.Redis;

/// <summary>Settings of the Redis adapter; the defaults match Node's <c>@socket.io/redis-adapter</c>.</summary>
public sealed class RedisAdapterOptions
{
    /// <summary>
    /// The StackExchange.Redis connection string (e.g. <c>localhost:6379</c>), used when <see cref="Configuration"/>
    /// is null. Typically <c>ConnectionStrings:Redis</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Full StackExchange.Redis settings; takes precedence over <see cref="ConnectionString"/>.</summary>
    /// <remarks>
    /// The adapter always sets <see cref="ConfigurationOptions.AbortOnConnectFail"/> to false (a server starts even
    /// while Redis is down and connects later), and uses <see cref="BacklogPolicy.FailFast"/> unless
    /// <see cref="QueueWhileDisconnected"/> is set: a broadcast that cannot reach Redis is counted and logged rather
    /// than delivered to the other servers seconds late.
    /// </remarks>
    public ConfigurationOptions? Configuration { get; set; }

    /// <summary>The channel prefix shared by every server of the cluster (Node's <c>key</c>). Default <c>socket.io</c>.</summary>
    public string Key { get; set; } = "socket.io";

    /// <summary>
    /// How long a cluster-wide request (fetchSockets, allRooms, a server-side emit's acknowledgements) waits for the
    /// other servers, and how long publishing a request may take. Default 5 s.
    /// </summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether responses to other servers' requests go to the requester's own channel
    /// (<c>socket.io-response#/nsp#uid#</c>) instead of the shared response channel. Default false, as in Node 8.x;
    /// every server of a cluster should use the same value.
    /// </summary>
    public bool PublishOnSpecificResponseChannel { get; set; }

    /// <summary>
    /// Keep commands issued while Redis is unreachable and send them on reconnection (StackExchange.Redis's default
    /// backlog) instead of failing them at once. Default false.
    /// </summary>
    public bool QueueWhileDisconnected { get; set; }

    /// <summary>The StackExchange.Redis settings these options describe.</summary>
    /// <exception cref="InvalidOperationException">Neither a connection string nor a configuration is set.</exception>
    internal ConfigurationOptions BuildConfiguration()
    {
        var configuration = Configuration?.Clone()
            ?? (string.IsNullOrWhiteSpace(ConnectionString)
                ? throw new InvalidOperationException("The Redis adapter needs RedisAdapterOptions.ConnectionString (e.g. ConnectionStrings:Redis) or RedisAdapterOptions.Configuration.")
                : ConfigurationOptions.Parse(ConnectionString));
        configuration.AbortOnConnectFail = false;
        if (!QueueWhileDisconnected) configuration.BacklogPolicy = BacklogPolicy.FailFast;
        return configuration;
    }
}
