using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Tether.SocketIO.Redis.Internal;

/// <summary>
/// The server's one Redis connection (StackExchange.Redis multiplexes publishes on one socket and subscriptions on
/// another), shared by every namespace's adapter. Connecting starts at once and never blocks the caller; reconnecting
/// and restoring subscriptions after an outage is the multiplexer's job.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly Task<ConnectionMultiplexer> _connecting;

    public RedisConnection(ConfigurationOptions configuration, ILogger logger)
    {
        _logger = logger;
        Failures = new PublishFailures(logger);
        _connecting = ConnectAsync(configuration);
    }

    /// <summary>Publishes that did not reach Redis.</summary>
    public PublishFailures Failures { get; }

    /// <summary>Raised when the publish connection is back after an outage.</summary>
    public event Action? Restored;

    /// <summary>Whether the connection to Redis is up right now.</summary>
    public bool IsConnected => _connecting.IsCompletedSuccessfully && _connecting.Result.IsConnected;

    /// <summary>The multiplexer (waiting for the first connection attempt to finish, successful or not).</summary>
    public Task<ConnectionMultiplexer> GetAsync() => _connecting;

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        return multiplexer;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // One line per outage: the subscription connection fails along with the interactive one.
        if (e.ConnectionType == ConnectionType.Interactive)
            RedisLog.ConnectionLost(_logger, e.FailureType.ToString(), e.EndPoint?.ToString() ?? "?", e.Exception);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            RedisLog.ConnectionRestored(_logger, e.EndPoint?.ToString() ?? "?");
            Failures.OnConnectionRestored();
        }
        Restored?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        ConnectionMultiplexer multiplexer;
        try
        {
            multiplexer = await _connecting.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return; // never connected: nothing to close (the failure was reported to whoever awaited it)
        }
        multiplexer.ConnectionFailed -= OnConnectionFailed;
        multiplexer.ConnectionRestored -= OnConnectionRestored;
        await multiplexer.DisposeAsync().ConfigureAwait(false);
    }
}
