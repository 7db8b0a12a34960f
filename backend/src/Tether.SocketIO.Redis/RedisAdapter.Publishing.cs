using StackExchange.Redis;
using Tether.SocketIO.Redis.Internal;

namespace Tether.SocketIO.Redis;

public sealed partial class RedisAdapter
{
    /// <summary>
    /// Publishes and reports instead of throwing: for broadcasts and responses, whose local part already happened and
    /// whose loss is accounted for (<see cref="PublishFailures"/>).
    /// </summary>
    private async Task<bool> TryPublishAsync(string channel, byte[] message)
    {
        try
        {
            var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
            await multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            _connection.Failures.Record(ex, Namespace.Name);
            return false;
        }
    }

    /// <summary>
    /// Publishes a request the caller needs delivered (join, leave, disconnect, server-side emit): a failure is
    /// accounted for and thrown; a publish slower than <see cref="RedisAdapterOptions.RequestsTimeout"/> throws
    /// <see cref="RedisRequestTimeoutException"/> naming <paramref name="operation"/>.
    /// </summary>
    private async Task PublishAsync(string operation, string channel, byte[] message)
    {
        try
        {
            var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
            await multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), message)
                .WaitAsync(_options.RequestsTimeout, Time).ConfigureAwait(false);
        }
        catch (TimeoutException ex) // ours (WaitAsync) or StackExchange.Redis's own
        {
            _connection.Failures.Record(ex, Namespace.Name);
            throw new RedisRequestTimeoutException(operation, Namespace.Name, _options.RequestsTimeout, 1, 0);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            _connection.Failures.Record(ex, Namespace.Name);
            throw;
        }
    }

    /// <summary>Lets a message handler's task run on and logs its failure.</summary>
    private void Observe(Task task, string channel)
    {
        if (task.IsCompletedSuccessfully) return;
        task.ContinueWith(
            static (t, state) =>
            {
                var (adapter, name) = ((RedisAdapter, string))state!;
                RedisLog.HandlerFailed(adapter._logger, name, t.Exception!.GetBaseException());
            },
            (this, channel),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
