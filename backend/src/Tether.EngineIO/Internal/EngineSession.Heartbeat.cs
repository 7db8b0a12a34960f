using System.Diagnostics;
using Tether.EngineIO.Collections;

namespace Tether.EngineIO.Internal;

internal sealed partial class EngineSession : IListNode<EngineSession>
{
    // The heartbeat is scheduled by the server's HeartbeatScheduler (one timer for all sessions); the session is its
    // own node in the scheduler's lists. These fields are written only under the scheduler's lock.
    private ListLinks<EngineSession> _heartbeatLinks;
    internal long HeartbeatDue; // Stopwatch timestamp at which the armed phase ends

    ref ListLinks<EngineSession> IListNode<EngineSession>.Links => ref _heartbeatLinks;

    private bool _heartbeatRunning;
    private bool _awaitingPong;

    private void StartHeartbeat()
    {
        lock (Sync)
        {
            if (!_open) return;
            _heartbeatRunning = true;
            _server.Heartbeats.Arm(this, Options.PingInterval, awaitingPong: false);
        }
    }

    /// <summary>Called by the scheduler when the armed phase has (probably) ended: ping, or give up on the pong.</summary>
    internal void OnHeartbeatDue()
    {
        bool timedOut = false, wake = false;
        EngineTransport transport;
        lock (Sync)
        {
            if (!_open || !_heartbeatRunning) return;
            // Taken by the scheduler just as a pong re-armed it: the new phase has not ended.
            if (_heartbeatLinks.Owner is not null || Stopwatch.GetTimestamp() < Volatile.Read(ref HeartbeatDue)) return;
            transport = _transport;
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
                _server.Heartbeats.Arm(this, Options.PingTimeout, awaitingPong: true);
            }
        }

        if (timedOut)
        {
            Log.PingTimeout(Logger, Id);
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
            if (!_open || !_awaitingPong || !_heartbeatRunning) return;
            _awaitingPong = false;
            _server.Heartbeats.Arm(this, Options.PingInterval, awaitingPong: false);
        }
    }

    private void StopHeartbeat()
    {
        lock (Sync) _heartbeatRunning = false;
        _server.Heartbeats.Cancel(this);
    }
}
