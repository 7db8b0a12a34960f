namespace Tether.SocketIO.Internal;

/// <summary>
/// A token bucket per socket for incoming events: <c>rate</c> tokens per second up to <c>burst</c>, one per event.
/// Only the connection's read loop calls it (its messages are delivered one at a time), so it needs no lock.
/// </summary>
internal sealed class EventRateLimiter
{
    // One log line per socket per interval at most: a flooding client must not flood the logs too.
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time;
    private readonly double _ratePerTick;
    private readonly double _burst;
    private double _tokens;
    private long _last;
    private long _lastReport;
    private long _droppedSinceReport;
    private bool _everReported;

    public EventRateLimiter(int ratePerSecond, int burst, TimeProvider time)
    {
        _time = time;
        _ratePerTick = (double)ratePerSecond / time.TimestampFrequency;
        _burst = Math.Max(1, burst);
        _tokens = _burst;
        _last = time.GetTimestamp();
    }

    /// <summary>Creates the limiter the options ask for, or null when events are not limited.</summary>
    public static EventRateLimiter? Create(SocketIOOptions options, TimeProvider time)
        => options.MaxEventsPerSecond > 0 ? new EventRateLimiter(options.MaxEventsPerSecond, Math.Max(options.EventBurst, 1), time) : null;

    /// <summary>Takes a token; false when the bucket is empty (the event must be refused).</summary>
    public bool TryAcquire()
    {
        var now = _time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + (now - _last) * _ratePerTick);
        _last = now;
        if (_tokens < 1) return false;
        _tokens -= 1;
        return true;
    }

    /// <summary>Counts a dropped event; returns how many to report when a log line is due now, else 0.</summary>
    public long OnDropped()
    {
        _droppedSinceReport++;
        var now = _time.GetTimestamp();
        if (_everReported && _time.GetElapsedTime(_lastReport, now) < ReportInterval) return 0;
        _everReported = true;
        _lastReport = now;
        var dropped = _droppedSinceReport;
        _droppedSinceReport = 0;
        return dropped;
    }
}
