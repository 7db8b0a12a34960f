using System.Diagnostics;

namespace Tether.EngineIO.Internal;

internal sealed partial class EngineSession
{
    // One System.Threading.Timer per session: the runtime keeps timers in sharded queues with no thread per timer,
    // and each session re-arms it twice per ping cycle, which is cheap even for tens of thousands of sessions.
    private Timer? _heartbeatTimer;
    private bool _awaitingPong;
    private long _heartbeatDue; // Stopwatch timestamp at which the armed phase ends

    private void StartHeartbeat()
    {
        lock (Sync)
        {
            if (!_open) return;
            _heartbeatTimer = new Timer(static state => ((EngineSession)state!).OnHeartbeatTimer(), this, Timeout.Infinite, Timeout.Infinite);
            ArmHeartbeat_NoLock(Options.PingInterval);
        }
    }

    private void ArmHeartbeat_NoLock(TimeSpan delay)
    {
        _heartbeatDue = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        _heartbeatTimer!.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void OnHeartbeatTimer()
    {
        bool timedOut = false, wake = false;
        EngineTransport transport;
        lock (Sync)
        {
            if (!_open || _heartbeatTimer is null) return;
            transport = _transport;
            long now = Stopwatch.GetTimestamp();
            if (now < _heartbeatDue)
            {
                // A firing that raced with a re-arm (a pong arrived meanwhile), or a timer a hair early: re-arm for
                // what is left rather than act on the wrong phase.
                var remaining = TimeSpan.FromSeconds((double)(_heartbeatDue - now) / Stopwatch.Frequency);
                _heartbeatTimer.Change(remaining + TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
                return;
            }

            if (_awaitingPong)
            {
                timedOut = true;
            }
            else
            {
                // The pong deadline counts from the moment the ping is queued, so a dead client is gone after
                // pingInterval + pingTimeout whatever its transport is doing.
                _awaitingPong = true;
                AddControl_NoLock(OutboundPacket.Ping);
                wake = transport.OnQueued_NoLock();
                ArmHeartbeat_NoLock(Options.PingTimeout);
            }
        }

        if (timedOut)
        {
            Log.PingTimeout(_logger, Id);
            CloseCore(EngineCloseReason.PingTimeout);
        }
        else if (wake)
        {
            transport.Wake();
        }
    }

    private void OnPong()
    {
        lock (Sync)
        {
            if (!_open || !_awaitingPong || _heartbeatTimer is null) return;
            _awaitingPong = false;
            ArmHeartbeat_NoLock(Options.PingInterval);
        }
    }

    private void StopHeartbeat()
    {
        Timer? timer;
        lock (Sync)
        {
            timer = _heartbeatTimer;
            _heartbeatTimer = null;
        }
        timer?.Dispose();
    }
}
