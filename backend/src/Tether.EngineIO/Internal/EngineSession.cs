using Microsoft.Extensions.Logging;
using Tether.EngineIO.Polling;
using Tether.EngineIO.WebSockets;

namespace Tether.EngineIO.Internal;

/// <summary>
/// The server side of one Engine.IO session: the send queue shared by whichever transport carries it, the
/// close state machine, and delivery to the <see cref="IEngineConnectionHandler"/>.
/// </summary>
/// <remarks>
/// One lock (<see cref="Sync"/>) guards the queue, the transport switch and both transports' small state, so a send
/// costs one uncontended lock. Handler calls are serialised by a second lock so that OnMessage (on a transport's
/// read path) and OnClose (queued to the thread pool, never run inline from Close()/Send() where the caller may
/// hold its own locks) never overlap.
/// </remarks>
internal sealed partial class EngineSession : EngineConnection
{
    private readonly EngineServer _server;
    private readonly EngineHandshakeRequest _request;
    // The server's session logger, not a field of each session (an idle session should carry little).
    private ILogger Logger => _server.SessionLogger;
    private readonly object _deliveryLock = new();
    private TaskCompletionSource? _closed; // created when someone asks for Closed
    private int _closeDelivered;

    // Null while nothing is queued: the list comes from a shared pool and goes back after the write, so an idle
    // connection holds no queue at all.
    private List<OutboundPacket>? _queue;
    private long _queuedBytes;
    private EngineTransport _transport;
    private volatile bool _open = true;
    private EngineCloseReason _closeReason;

    public EngineSession(EngineServer server, string id, EngineHandshakeRequest request, Func<EngineSession, EngineTransport> createTransport)
    {
        _server = server;
        Id = id;
        _request = request;
        _transport = createTransport(this);
        Polling = _transport as PollingTransport;
    }

    /// <summary>Guards the queue, the current transport and the transports' state.</summary>
    internal Lock Sync { get; } = new();

    internal EngineServer Server => _server;

    internal EngineIOOptions Options => _server.Options;

    /// <summary>The polling transport the session started on, if it did.</summary>
    internal PollingTransport? Polling { get; }

    internal EngineTransport Transport => Volatile.Read(ref _transport);

    public override string Id { get; }

    public override string TransportName => Transport.Name;

    public override EngineHandshakeRequest Request => _request;

    public override bool IsOpen => _open;

    public override bool IsWritable => _open && Transport.IsWritable;

    public override Task Closed
    {
        get
        {
            var source = Volatile.Read(ref _closed);
            if (source is null)
            {
                source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var existing = Interlocked.CompareExchange(ref _closed, source, null);
                if (existing is not null) return existing.Task;
                // DeliverClose may have looked before the source existed.
                if (Volatile.Read(ref _closeDelivered) != 0) source.TrySetResult();
            }
            return source.Task;
        }
    }

    // ---------------------------------------------------------------- opening

    /// <summary>Tells the handler the session is open and starts the heartbeat.</summary>
    internal void Open()
    {
        lock (_deliveryLock)
        {
            try
            {
                _server.Handler.OnOpen(this);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(Logger, ex, nameof(IEngineConnectionHandler.OnOpen), Id);
            }
        }
        StartHeartbeat();
    }

    // ---------------------------------------------------------------- sending

    public override bool Send(EngineMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        bool overflow, wake = false;
        EngineTransport transport;
        lock (Sync)
        {
            if (!_open) return false;
            int size = message.Data.Length + 1;
            overflow = _queuedBytes + size > Options.MaxBufferedBytes;
            transport = _transport;
            if (!overflow)
            {
                (_queue ??= QueuePool.Rent()).Add(new OutboundPacket(message));
                _queuedBytes += size;
                wake = transport.OnQueued_NoLock();
            }
        }
        return AfterEnqueue(overflow, wake, transport);
    }

    public override bool Send(ReadOnlySpan<EngineMessage> messages)
    {
        if (messages.IsEmpty) return IsOpen;
        long size = 0;
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            size += message.Data.Length + 1;
        }

        bool overflow, wake = false;
        EngineTransport transport;
        lock (Sync)
        {
            if (!_open) return false;
            overflow = _queuedBytes + size > Options.MaxBufferedBytes;
            transport = _transport;
            if (!overflow)
            {
                // Added under one lock acquisition, so a packet and its attachments stay adjacent.
                var queue = _queue ??= QueuePool.Rent();
                foreach (var message in messages) queue.Add(new OutboundPacket(message));
                _queuedBytes += size;
                wake = transport.OnQueued_NoLock();
            }
        }
        return AfterEnqueue(overflow, wake, transport);
    }

    private bool AfterEnqueue(bool overflow, bool wake, EngineTransport transport)
    {
        if (overflow)
        {
            Log.SlowConsumer(Logger, Id, Options.MaxBufferedBytes);
            CloseCore(EngineCloseReason.SlowConsumer);
            return false;
        }
        if (wake) transport.Wake();
        return true;
    }

    /// <summary>Queues a control packet (ping, pong, open, noop) while open.</summary>
    internal void SendControl(in OutboundPacket packet)
    {
        bool wake;
        EngineTransport transport;
        lock (Sync)
        {
            if (!_open) return;
            AddControl_NoLock(packet);
            transport = _transport;
            wake = transport.OnQueued_NoLock();
        }
        if (wake) transport.Wake();
    }

    /// <summary>Adds a control packet even after close (the final close packet of polling). Caller holds Sync.</summary>
    internal void AddControl_NoLock(in OutboundPacket packet)
    {
        (_queue ??= QueuePool.Rent()).Add(packet);
        _queuedBytes += packet.BufferedSize;
    }

    internal bool HasQueued_NoLock => _queue is { Count: > 0 };

    /// <summary>Takes everything queued, or null when nothing is. Caller holds Sync and returns the list with <see cref="ReturnBatch"/>.</summary>
    internal List<OutboundPacket>? TakeQueue_NoLock()
    {
        var taken = _queue;
        if (taken is null) return null;
        _queue = null;
        _queuedBytes = 0;
        if (taken.Count > 0) return taken;
        QueuePool.Return(taken);
        return null;
    }

    /// <summary>Gives a written batch back to the shared pool (no allocation per flush, nothing held at rest).</summary>
    internal void ReturnBatch(List<OutboundPacket> batch) => QueuePool.Return(batch);

    // ---------------------------------------------------------------- receiving

    /// <summary>
    /// Handles one text packet from the active transport: <paramref name="type"/> is the type digit,
    /// <paramref name="data"/> what follows. Returns false when the packet is invalid (the caller closes).
    /// </summary>
    internal bool HandleTextPacket(byte type, ReadOnlySpan<byte> data)
    {
        switch ((EnginePacketType)type)
        {
            case EnginePacketType.Message:
                DeliverMessage(false, data);
                return true;
            case EnginePacketType.Pong:
                OnPong();
                return true;
            case EnginePacketType.Ping:
                // Protocol v4 clients only ping during an upgrade probe, but answering is harmless and what Node does.
                SendControl(new OutboundPacket(EnginePacketType.Pong, data.IsEmpty ? null : data.ToArray()));
                return true;
            case EnginePacketType.Close:
                Log.ClientClosed(Logger, Id);
                CloseCore(EngineCloseReason.ClientClose);
                return true;
            case EnginePacketType.Noop:
                return true;
            default:
                return false;
        }
    }

    /// <summary>Delivers a message to the handler on the caller's thread (no hop).</summary>
    internal void DeliverMessage(bool isBinary, ReadOnlySpan<byte> data)
    {
        lock (_deliveryLock)
        {
            if (!_open) return;
            try
            {
                _server.Handler.OnMessage(this, isBinary, data);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(Logger, ex, nameof(IEngineConnectionHandler.OnMessage), Id);
            }
        }
    }

    /// <summary>Closes with a reason from the transport layer (invalid packet, dropped socket...).</summary>
    internal void CloseWithError(EngineCloseReason reason, string detail)
    {
        if (!_open) return;
        Log.TransportFailed(Logger, Id, reason, detail);
        CloseCore(reason);
    }

    // ---------------------------------------------------------------- closing

    public override void Close() => CloseCore(EngineCloseReason.ServerClose);

    /// <summary>Whether a close keeps (and flushes) what is queued.</summary>
    internal static bool IsGraceful(EngineCloseReason reason)
        => reason is EngineCloseReason.ServerClose or EngineCloseReason.ClientClose;

    internal void CloseCore(EngineCloseReason reason)
    {
        EngineTransport transport;
        WebSocketTransport? upgrading;
        Timer? upgradeTimer;
        lock (Sync)
        {
            if (!_open) return;
            _open = false;
            _closeReason = reason;
            if (!IsGraceful(reason) && _queue is { } queue)
            {
                _queue = null;
                _queuedBytes = 0;
                QueuePool.Return(queue);
            }
            transport = _transport;
            upgrading = _upgrading;
            upgradeTimer = _upgradeTimer;
            _upgrading = null;
            _upgradeTimer = null;
        }

        Log.SessionClosed(Logger, Id, reason);
        StopHeartbeat();
        upgradeTimer?.Dispose();
        _server.OnSessionClosed(this);
        upgrading?.InitiateClose(WebSocketCloseCode.NormalClosure);
        transport.OnSessionClosed(reason);
        // Never inline: Close()/Send() may be called while the caller holds its own locks.
        ThreadPool.UnsafeQueueUserWorkItem(static session => session.DeliverClose(), this, preferLocal: false);
    }

    private void DeliverClose()
    {
        lock (_deliveryLock)
        {
            try
            {
                _server.Handler.OnClose(this, _closeReason);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(Logger, ex, nameof(IEngineConnectionHandler.OnClose), Id);
            }
        }
        Interlocked.Exchange(ref _closeDelivered, 1);
        Volatile.Read(ref _closed)?.TrySetResult();
    }
}
