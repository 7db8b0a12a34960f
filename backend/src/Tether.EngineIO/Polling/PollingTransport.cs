using System.Buffers;
using System.Buffers.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tether.EngineIO.Internal;

namespace Tether.EngineIO.Polling;

/// <summary>
/// HTTP long-polling: a GET takes the whole send queue as one payload (or waits until something is queued), a
/// POST carries packets from the client. At most one GET and one POST may be in flight per session.
/// </summary>
internal sealed partial class PollingTransport : EngineTransport
{
    private static readonly byte[] Ok = "ok"u8.ToArray();
    private static readonly byte[] NoopPayload = [(byte)EnginePacketType.Noop];

    private readonly EngineSession _session;

    // Guarded by _session.Sync.
    private TaskCompletionSource<bool>? _waiter; // the waiting GET; completed with false when the client aborts it
    private bool _getActive;                     // a GET is waiting or writing
    private bool _discarded;                     // the session moved to WebSocket
    private Timer? _lingerTimer;

    private int _postActive;

    public PollingTransport(EngineSession session) => _session = session;

    public override string Name => "polling";

    public override bool IsWritable => Volatile.Read(ref _waiter) is not null;

    /// <summary>Whether a GET is parked waiting for data (tests use it to sequence requests).</summary>
    internal bool HasWaitingGet
    {
        get { lock (_session.Sync) return _waiter is not null; }
    }

    /// <summary>Whether a GET is waiting or being written: a polling client that is alive nearly always has one.</summary>
    internal bool HasActiveGet
    {
        get { lock (_session.Sync) return _getActive; }
    }

    public override bool OnQueued_NoLock() => _waiter is not null;

    public override void Wake() => Volatile.Read(ref _waiter)?.TrySetResult(true);

    /// <summary>The session upgraded: what is queued now belongs to the WebSocket.</summary>
    internal void Discard_NoLock() => _discarded = true;

    // A waiting GET answers at once when there is something to send, when the session is over, or when an upgrade
    // probe succeeded (the noop that lets the client pause polling).
    private bool ReadyToRespond_NoLock() => _discarded || !_session.IsOpen || _session.HasQueued_NoLock || _session.IsProbed_NoLock;

    public override void OnSessionClosed(EngineCloseReason reason)
    {
        bool getActive;
        lock (_session.Sync)
        {
            if (_discarded) return;
            // Polling clients learn about the close from a close packet in their next (or current) GET.
            _session.AddControl_NoLock(OutboundPacket.ClosePacket);
            getActive = _getActive;
        }

        if (getActive)
        {
            Wake(); // that GET delivers the close packet and then removes the session
        }
        else if (EngineSession.IsGraceful(reason))
        {
            // Also while the server shuts down: its drain wait gives the client's next GET a chance to take the
            // flushed packets and the close packet.
            StartLinger();
        }
        else
        {
            _session.Server.RemoveSession(_session);
        }
    }

    // Keeps a gracefully closed session reachable for a while so the client's next GET still gets the flushed
    // packets and the close packet (Node waits up to 30 s for that GET).
    private void StartLinger()
    {
        var timer = new Timer(static state => ((PollingTransport)state!).EndLinger(), this, Timeout.Infinite, Timeout.Infinite);
        lock (_session.Sync) _lingerTimer = timer;
        timer.Change(_session.Options.PingTimeout, Timeout.InfiniteTimeSpan);
    }

    private void EndLinger()
    {
        Timer? timer;
        lock (_session.Sync)
        {
            timer = _lingerTimer;
            _lingerTimer = null;
        }
        timer?.Dispose();
        _session.Server.RemoveSession(_session);
    }
}
