using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Redis.Internal;
using Tether.SocketIO.Redis.Internal.Recovery;
using Tether.SocketIO.Redis.Internal.Requests;

namespace Tether.SocketIO.Redis;

/// <summary>
/// A namespace's adapter for a cluster of Socket.IO servers sharing one Redis, speaking the protocol of Node's
/// <c>@socket.io/redis-adapter</c> (classic pub/sub) so Tether and Node.js servers can form one cluster, and
/// accepting what <c>@socket.io/redis-emitter</c> publishes. Membership and local delivery are the in-memory
/// adapter's; this class publishes what other servers must see and applies what they publish.
/// </summary>
public sealed partial class RedisAdapter : InMemoryAdapter
{
    private readonly RedisConnection _connection;
    private readonly RedisAdapterOptions _options;
    private readonly RedisChannels _channels;
    private readonly PendingRequests _requests = new();
    private readonly ILogger _logger;

    internal RedisAdapter(Namespace nsp, RedisConnection connection, RedisAdapterOptions options, ILogger logger) : base(nsp)
    {
        _connection = connection;
        _options = options;
        _logger = logger;
        Uid = RequestIds.New();
        _channels = new RedisChannels(options.Key, nsp.Name, Uid);
        if (nsp.Recovery is { } recovery)
        {
            // A restored socket normally joins its rooms within milliseconds; the window outlives a slow middleware.
            var lifetime = nsp.ServerImpl.Options.ConnectTimeout + options.RequestsTimeout;
            _restores = new RestoreWindows(nsp.ServerImpl.TimeProvider, lifetime, Math.Max(1, recovery.MaxPacketsPerNamespace));
        }
    }

    /// <summary>This server's id in the cluster (Node's <c>uid</c>); messages carrying it are this server's own.</summary>
    public string Uid { get; }

    /// <summary>Whether the connection to Redis is up right now.</summary>
    public bool IsConnected => _connection.IsConnected;

    /// <summary>How many publishes of this server (all namespaces) failed to reach Redis since it started.</summary>
    public long FailedPublishCount => _connection.Failures.Total;

    /// <summary>
    /// Whether Redis currently holds this adapter's subscriptions (asks Redis for the subscribers of this server's own
    /// response channel, which nobody else listens to). After an outage this turns true once the subscriptions are
    /// restored, which may be a moment after <see cref="IsConnected"/>.
    /// </summary>
    public async Task<bool> IsSubscribedAsync()
    {
        try
        {
            return await CountSubscribersAsync(_channels.SpecificResponse).ConfigureAwait(false) > 0;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The server's JSON settings (with the Socket.IO attachment converters).</summary>
    private JsonSerializerOptions Json => Namespace.ServerImpl.JsonOptions;

    private TimeProvider Time => Namespace.ServerImpl.TimeProvider;

    /// <summary>Where to answer the request of server <paramref name="requesterUid"/>.</summary>
    private string ResponseChannelFor(string? requesterUid)
        => _options.PublishOnSpecificResponseChannel && requesterUid is not null ? _channels.ResponseFor(requesterUid) : _channels.Response;

    /// <summary>PUBSUB NUMSUB: how many connections subscribe to <paramref name="channel"/>.</summary>
    private async Task<long> CountSubscribersAsync(string channel)
    {
        var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
        var result = await multiplexer.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel).ConfigureAwait(false);
        var pair = (RedisResult[])result!;
        return pair.Length >= 2 ? (long)pair[1] : 0;
    }

    /// <summary>
    /// The number of servers in this namespace's cluster: the subscribers of the request channel, as in Node (a
    /// server subscribes once whatever its number of namespaces' sockets).
    /// </summary>
    private async Task<int> GetServerCountAsync() => (int)await CountSubscribersAsync(_channels.Request).ConfigureAwait(false);
}
