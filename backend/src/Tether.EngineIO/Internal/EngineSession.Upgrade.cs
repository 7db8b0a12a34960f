using Tether.EngineIO.WebSockets;

namespace Tether.EngineIO.Internal;

/// <summary>The polling → WebSocket upgrade: probe, pause polling with a noop, switch on the upgrade packet.</summary>
internal sealed partial class EngineSession
{
    private WebSocketTransport? _upgrading;
    private bool _probed;
    private Timer? _upgradeTimer;

    /// <summary>Whether a WebSocket is trying to take over (a second one is refused).</summary>
    internal bool IsUpgrading
    {
        get { lock (Sync) return _upgrading is not null; }
    }

    /// <summary>True once the probing WebSocket answered <c>3probe</c>: polling GETs then return at once.</summary>
    internal bool IsProbed_NoLock => _probed;

    /// <summary>Registers a WebSocket that will probe and take over; starts the upgrade timeout.</summary>
    internal bool TryBeginUpgrade(WebSocketTransport webSocket)
    {
        lock (Sync)
        {
            if (!_open || _upgrading is not null || _transport is not Tether.EngineIO.Polling.PollingTransport) return false;
            _upgrading = webSocket;
            _probed = false;
            _upgradeTimer = new Timer(static state =>
            {
                var ws = (WebSocketTransport)state!;
                ws.Session.OnUpgradeTimeout(ws);
            }, webSocket, Options.UpgradeTimeout, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    /// <summary>The client sent <c>2probe</c> on the new WebSocket.</summary>
    internal void OnProbe(WebSocketTransport webSocket)
    {
        lock (Sync)
        {
            if (_upgrading != webSocket) return;
            _probed = true;
        }
        // A GET waiting on the old transport must end (with a noop) so the client can pause polling.
        Polling?.Wake();
    }

    /// <summary>The client sent <c>5</c>: the WebSocket becomes the transport.</summary>
    internal bool CompleteUpgrade(WebSocketTransport webSocket)
    {
        Timer? timer;
        bool wake;
        lock (Sync)
        {
            if (!_open || _upgrading != webSocket || !_probed) return false;
            _upgrading = null;
            _probed = false;
            timer = _upgradeTimer;
            _upgradeTimer = null;
            Polling?.Discard_NoLock();
            webSocket.Activate_NoLock();
            Volatile.Write(ref _transport, webSocket);
            wake = HasQueued_NoLock && webSocket.OnQueued_NoLock();
        }
        timer?.Dispose();
        Log.Upgraded(Logger, Id);
        Polling?.Wake();
        if (wake) webSocket.Wake();
        return true;
    }

    /// <summary>Forgets an upgrade attempt (the WebSocket failed, closed or sent something else); polling goes on.</summary>
    internal bool AbortUpgrade(WebSocketTransport webSocket)
    {
        Timer? timer;
        lock (Sync)
        {
            if (_upgrading != webSocket) return false;
            _upgrading = null;
            _probed = false;
            timer = _upgradeTimer;
            _upgradeTimer = null;
        }
        timer?.Dispose();
        return true;
    }

    private void OnUpgradeTimeout(WebSocketTransport webSocket)
    {
        if (!AbortUpgrade(webSocket)) return;
        Log.UpgradeTimedOut(Logger, Id);
        webSocket.InitiateClose(WebSocketCloseCode.NormalClosure);
    }

    /// <summary>The WebSocket's read loop ended.</summary>
    internal void OnWebSocketEnded(WebSocketTransport webSocket)
    {
        if (Transport == webSocket)
        {
            CloseCore(EngineCloseReason.TransportClose);
            _server.RemoveSession(this);
        }
        else
        {
            AbortUpgrade(webSocket);
        }
    }
}
