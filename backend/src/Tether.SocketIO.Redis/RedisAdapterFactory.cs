using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Redis.Internal;

namespace Tether.SocketIO.Redis;

/// <summary>
/// Creates a <see cref="RedisAdapter"/> for each namespace of one server, all sharing this factory's Redis
/// connection. One factory per server: Redis counts a server by its subscription connection.
/// </summary>
public sealed class RedisAdapterFactory : IAdapterFactory, IAsyncDisposable
{
    private readonly RedisAdapterOptions _options;
    private readonly ILogger _logger;
    private readonly RedisConnection _connection;

    /// <summary>Starts connecting to Redis (in the background: a server starts even while Redis is down).</summary>
    /// <exception cref="InvalidOperationException">The options name no Redis server.</exception>
    public RedisAdapterFactory(RedisAdapterOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RequestsTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(options), "RequestsTimeout must be positive.");
        _options = options;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Tether.SocketIO.Redis");
        _connection = new RedisConnection(options.BuildConfiguration(), _logger);
    }

    /// <summary>Whether the connection to Redis is up right now.</summary>
    public bool IsConnected => _connection.IsConnected;

    /// <summary>How many publishes failed to reach Redis since the server started (each is also logged, see remarks of <see cref="RedisAdapter"/>).</summary>
    public long FailedPublishCount => _connection.Failures.Total;

    /// <inheritdoc />
    public Adapter Create(Namespace nsp) => new RedisAdapter(nsp, _connection, _options, _logger);

    /// <summary>Closes the Redis connection (after the server closed its adapters).</summary>
    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
