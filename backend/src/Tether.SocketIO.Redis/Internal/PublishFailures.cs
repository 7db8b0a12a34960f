using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Tether.SocketIO.Redis.Internal;

/// <summary>
/// Accounts for publishes that never reached Redis, so an outage is visible in the log without a line per message:
/// one warning for the first failure of each kind, then a summary with the count when the connection is restored.
/// Shared by every namespace of a server (one connection).
/// </summary>
internal sealed class PublishFailures(ILogger logger)
{
    // Kinds already warned about during the current outage, with their counts.
    private readonly ConcurrentDictionary<string, long> _kinds = new(StringComparer.Ordinal);
    private long _total;

    /// <summary>Every failed publish since the server started.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Record(Exception exception, string nsp)
    {
        Interlocked.Increment(ref _total);
        var kind = KindOf(exception);
        var first = false;
        _kinds.AddOrUpdate(kind, _ => { first = true; return 1; }, (_, n) => n + 1);
        if (first) RedisLog.PublishFailed(logger, kind, nsp, exception);
    }

    /// <summary>Reports and resets the failures of the outage that just ended.</summary>
    public void OnConnectionRestored()
    {
        if (_kinds.IsEmpty) return;
        var snapshot = _kinds.ToArray();
        foreach (var pair in snapshot) _kinds.TryRemove(pair);
        var count = snapshot.Sum(p => p.Value);
        RedisLog.FailedPublishesSummary(logger, count, string.Join(", ", snapshot.Select(p => $"{p.Key}: {p.Value}")));
    }

    private static string KindOf(Exception exception) => exception switch
    {
        RedisConnectionException connection => $"{nameof(RedisConnectionException)}/{connection.FailureType}",
        RedisTimeoutException => nameof(RedisTimeoutException),
        TimeoutException => nameof(TimeoutException),
        _ => exception.GetType().Name,
    };
}
