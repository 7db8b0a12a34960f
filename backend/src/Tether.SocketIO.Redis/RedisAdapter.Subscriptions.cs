using StackExchange.Redis;
using Tether.SocketIO.Redis.Internal;

namespace Tether.SocketIO.Redis;

public sealed partial class RedisAdapter
{
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    // One per subscription (broadcast pattern, requests, responses, own responses); null until subscribed. Each
    // queue delivers its messages one at a time in publish order, so a client sees a server's broadcasts in order.
    private readonly ChannelMessageQueue?[] _queues = new ChannelMessageQueue?[4];
    private volatile bool _closed;

    /// <summary>Subscribes this namespace's channels (Node's adapter subscribes the same four).</summary>
    public override async Task InitAsync()
    {
        await base.InitAsync().ConfigureAwait(false);
        _connection.Restored += OnConnectionRestored;
        await SubscribeMissingAsync().ConfigureAwait(false);
    }

    /// <summary>Unsubscribes; pending requests are left to time out.</summary>
    public override async Task CloseAsync()
    {
        _closed = true;
        _connection.Restored -= OnConnectionRestored;
        StopRefreshing();
        await _subscribing.WaitAsync().ConfigureAwait(false);
        try
        {
            for (var i = 0; i < _queues.Length; i++)
            {
                if (_queues[i] is not { } queue) continue;
                _queues[i] = null;
                try
                {
                    await queue.UnsubscribeAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
                {
                    // Redis is gone or the connection is closing: the subscription dies with the connection.
                }
            }
        }
        finally
        {
            _subscribing.Release();
        }
        await base.CloseAsync().ConfigureAwait(false);
    }

    // A subscription that failed (Redis down when the namespace was created) is retried when the connection is back;
    // the ones that succeeded are restored by StackExchange.Redis itself.
    private void OnConnectionRestored()
    {
        if (!_closed && Array.IndexOf(_queues, null) >= 0) _ = SubscribeMissingAsync();
    }

    private async Task SubscribeMissingAsync()
    {
        await _subscribing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_closed) return;
            var subscriber = (await _connection.GetAsync().ConfigureAwait(false)).GetSubscriber();
            _queues[0] ??= await SubscribeAsync(subscriber, RedisChannel.Pattern(_channels.BroadcastPattern), OnBroadcastMessage).ConfigureAwait(false);
            _queues[1] ??= await SubscribeAsync(subscriber, RedisChannel.Literal(_channels.Request), OnRequestMessage).ConfigureAwait(false);
            _queues[2] ??= await SubscribeAsync(subscriber, RedisChannel.Literal(_channels.Response), OnResponseMessage).ConfigureAwait(false);
            _queues[3] ??= await SubscribeAsync(subscriber, RedisChannel.Literal(_channels.SpecificResponse), OnResponseMessage).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            RedisLog.SubscribeFailed(_logger, Namespace.Name, ex);
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private static async Task<ChannelMessageQueue> SubscribeAsync(ISubscriber subscriber, RedisChannel channel, Action<ChannelMessage> handler)
    {
        var queue = await subscriber.SubscribeAsync(channel).ConfigureAwait(false);
        queue.OnMessage(handler);
        return queue;
    }
}
