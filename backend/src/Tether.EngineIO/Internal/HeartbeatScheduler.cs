using System.Diagnostics;
using Tether.EngineIO.Collections;

namespace Tether.EngineIO.Internal;

/// <summary>
/// One timer for the heartbeats of all of a server's sessions, instead of a timer per session (about 150 bytes each,
/// held for the connection's whole life).
/// A session is due either <c>pingInterval</c> after its last pong (time to ping) or <c>pingTimeout</c> after its ping
/// (time to give up). All sessions of a server use the same two delays, so sessions armed with one delay come due in
/// the order they were armed: each delay has a list kept in arming order, which is then sorted by due time, and arming,
/// re-arming and cancelling are O(1) (a session is its own list node). The timer is set for the earliest head and
/// re-set only when an earlier one appears; a firing with nothing due just re-arms it.
/// </summary>
internal sealed class HeartbeatScheduler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private readonly IntrusiveList<EngineSession> _pingLane = new();
    private readonly IntrusiveList<EngineSession> _pongLane = new();
    private long _timerDue = long.MaxValue; // Stopwatch timestamp the timer is set for; MaxValue when unset
    private bool _disposed;

    public HeartbeatScheduler()
    {
        // The timer outlives whatever request first created the server: it must not carry that request's context.
        using (ExecutionContext.SuppressFlow())
            _timer = new Timer(static state => ((HeartbeatScheduler)state!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Schedules <paramref name="session"/> (replacing its previous due time) to be due after <paramref name="delay"/>.</summary>
    /// <param name="awaitingPong">Which of the two delays this is (each has its own list).</param>
    public void Arm(EngineSession session, TimeSpan delay, bool awaitingPong)
    {
        // Clamped (to about 115 days) so that no setting can overflow the timestamp arithmetic.
        var due = Stopwatch.GetTimestamp() + (long)(Math.Clamp(delay.TotalSeconds, 0, 1e7) * Stopwatch.Frequency);
        var lane = awaitingPong ? _pongLane : _pingLane;
        lock (_gate)
        {
            Unlink_NoLock(session);
            session.HeartbeatDue = due;
            lane.AddLast(session);
            if (due < _timerDue && !_disposed) SetTimer_NoLock(due);
        }
    }

    /// <summary>Stops scheduling <paramref name="session"/>.</summary>
    public void Cancel(EngineSession session)
    {
        lock (_gate) Unlink_NoLock(session);
    }

    private void Unlink_NoLock(EngineSession session) => _ = _pingLane.Remove(session) || _pongLane.Remove(session);

    public void Dispose()
    {
        lock (_gate) _disposed = true;
        _timer.Dispose();
    }

    private void OnTimer()
    {
        List<EngineSession>? due = null;
        lock (_gate)
        {
            if (_disposed) return;
            var now = Stopwatch.GetTimestamp();
            TakeDue(_pingLane, now, ref due);
            TakeDue(_pongLane, now, ref due);
            _timerDue = long.MaxValue;
            var next = Math.Min(_pingLane.Head?.HeartbeatDue ?? long.MaxValue, _pongLane.Head?.HeartbeatDue ?? long.MaxValue);
            if (next != long.MaxValue) SetTimer_NoLock(next);
        }

        // Outside the lock: a session's handler takes the session's lock, and arming takes this one inside that.
        // A session taken here may be re-armed meanwhile (a pong just arrived); its handler sees it is not due.
        if (due is null) return;
        foreach (var session in due) session.OnHeartbeatDue();
    }

    private void SetTimer_NoLock(long due)
    {
        _timerDue = due;
        var ticks = Math.Max(0, due - Stopwatch.GetTimestamp());
        // Rounded up: a timer that fires a hair early finds nothing due and costs another round.
        var milliseconds = (ticks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
        _timer.Change(Math.Min(milliseconds, uint.MaxValue - 1), Timeout.Infinite);
    }

    /// <summary>Unlinks every session of <paramref name="lane"/> due by <paramref name="now"/> (they are at its head).</summary>
    private static void TakeDue(IntrusiveList<EngineSession> lane, long now, ref List<EngineSession>? taken)
    {
        while (lane.Head is { } head && head.HeartbeatDue <= now)
        {
            lane.Remove(head);
            (taken ??= []).Add(head);
        }
    }
}
