using System.Buffers;
using System.Buffers.Binary;
using Tether.EngineIO.Internal;

namespace Tether.EngineIO.WebSockets;

/// <summary>The writer: one per connection, everything queued goes out as one buffer in one write.</summary>
internal sealed partial class WebSocketTransport
{
    public override bool OnQueued_NoLock()
    {
        if (!_active || _writeScheduled || _terminated || _closeSent) return false;
        _writeScheduled = true;
        return true;
    }

    // The transport whose read loop is handling frames on this thread, if any (see Wake).
    [ThreadStatic]
    private static WebSocketTransport? t_reading;

    // Read loop only: something was queued while it handled frames; it starts the writer itself afterwards.
    private bool _flushAfterFrames;

    /// <summary>
    /// Starts the writer. On this connection's own read loop (a handler answering synchronously: an ack, an echo) it
    /// is only noted: the read loop writes everything queued once the frames of the current read are handled, inline,
    /// with no work item and no thread hop. From anywhere else the writer is queued to the thread pool; preferLocal,
    /// so it runs after the current work item and everything sent meanwhile joins the batch.
    /// </summary>
    public override void Wake()
    {
        if (t_reading == this)
        {
            _flushAfterFrames = true;
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
    }

    /// <summary>Handles the frames of one read with <see cref="Wake"/> deferred, then writes what they queued.</summary>
    private ReadStep ProcessFramesThenFlush(byte[] buffer, ref int start, int end, out int required)
    {
        var previous = t_reading;
        t_reading = this;
        ReadStep step;
        try
        {
            step = ProcessFrames(buffer, ref start, end, out required);
        }
        finally
        {
            t_reading = previous;
        }
        if (_flushAfterFrames)
        {
            _flushAfterFrames = false;
            // Runs synchronously while the stream accepts the data at once (the usual case); if the write has to
            // wait, it carries on by itself and the read loop goes back to reading (a peer that does not read must
            // not stop us reading from it).
            _ = WriteLoopAsync();
        }
        return step;
    }

    void IThreadPoolWorkItem.Execute() => _ = WriteLoopAsync();

    public override void OnSessionClosed(EngineCloseReason reason)
    {
        if (reason == EngineCloseReason.SlowConsumer)
        {
            // The writer is stuck behind a peer that does not read; a close frame would never get through.
            Abort();
            return;
        }
        InitiateClose(WebSocketCloseCode.NormalClosure);
    }

    /// <summary>Sends a close frame after what is queued; aborts the connection if the handshake does not finish in time.</summary>
    internal void InitiateClose(ushort code)
    {
        bool schedule;
        lock (Session.Sync)
        {
            if (_closeCode != 0 || _terminated) return;
            _closeCode = code;
            schedule = !_writeScheduled;
            _writeScheduled = true;
            _abortTimer = new Timer(static state => ((WebSocketTransport)state!).Abort(), this, CloseTimeout, Timeout.InfiniteTimeSpan);
        }
        if (schedule) Wake();
    }

    private void SendControlFrame(WebSocketOpcode opcode, byte[] payload)
    {
        bool schedule;
        lock (Session.Sync)
        {
            if (_closeCode != 0 || _terminated) return;
            (_controlFrames ??= new List<ControlFrame>(1)).Add(new ControlFrame(opcode, payload));
            schedule = !_writeScheduled;
            _writeScheduled = true;
        }
        if (schedule) Wake();
    }

    private TaskCompletionSource CloseWritten_NoLock => _closeWritten ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    private void SetCloseWritten()
    {
        TaskCompletionSource source;
        lock (Session.Sync) source = CloseWritten_NoLock;
        source.TrySetResult();
    }

    /// <summary>Drops the TCP connection at once.</summary>
    internal void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) == 1) return;
        lock (Session.Sync) _terminated = true;
        try
        {
            switch (_owner)
            {
                case Microsoft.AspNetCore.Http.HttpContext context:
                    context.Abort();
                    break;
                case Microsoft.AspNetCore.Connections.ConnectionContext connection:
                    connection.Abort();
                    break;
                case System.Net.Sockets.Socket socket:
                    socket.Close(0); // a reset, not a graceful FIN: the peer must not wait for more
                    break;
            }
        }
        catch (Exception)
        {
            // Already gone.
        }
        SetCloseWritten();
    }

    private async Task WriteLoopAsync()
    {
        while (true)
        {
            byte[]? preamble = null;
            List<ControlFrame>? controls = null;
            List<OutboundPacket>? batch = null;
            ushort closeCode = 0;
            TaskCompletionSource? exited = null;
            bool exit = false;
            lock (Session.Sync)
            {
                if (!_terminated && !_closeSent)
                {
                    preamble = _preamble;
                    _preamble = null;
                    controls = _controlFrames;
                    _controlFrames = null;
                    if (_active) batch = Session.TakeQueue_NoLock();
                    if (_closeCode != 0)
                    {
                        closeCode = _closeCode;
                        _closeSent = true;
                    }
                }
                if (preamble is null && controls is null && batch is null && closeCode == 0)
                {
                    exit = true;
                    _writeScheduled = false;
                    exited = _writerExited;
                    _writerExited = null;
                }
            }
            if (exit)
            {
                exited?.TrySetResult();
                return;
            }

            byte[]? buffer = null;
            bool failed = false;
            try
            {
                int length = preamble?.Length ?? 0;
                if (controls is not null)
                    foreach (var control in controls) length += WebSocketFrameWriter.GetHeaderLength(control.Payload.Length) + control.Payload.Length;
                if (batch is not null)
                    foreach (var packet in batch) length += packet.WebSocketFrameLength;
                if (closeCode != 0) length += WebSocketFrameWriter.CloseFrameLength;

                buffer = ArrayPool<byte>.Shared.Rent(length);
                int position = 0;
                if (preamble is not null)
                {
                    preamble.CopyTo(buffer, 0);
                    position = preamble.Length;
                }
                if (controls is not null)
                    foreach (var control in controls) position += WebSocketFrameWriter.WriteFrame(buffer.AsSpan(position), control.Opcode, control.Payload);
                if (batch is not null)
                    foreach (var packet in batch) position += packet.WriteWebSocketFrame(buffer.AsSpan(position));
                if (closeCode != 0) position += WebSocketFrameWriter.WriteCloseFrame(buffer.AsSpan(position), closeCode);

                // One write (and flush) for the whole batch.
                await _stream.WriteAsync(buffer.AsMemory(0, position)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failed = true;
                Log.WebSocketWriteFailed(Session.Server.SessionLogger, Session.Id, ex.GetType().Name);
            }
            finally
            {
                if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
                if (batch is not null) Session.ReturnBatch(batch);
            }

            if (failed)
            {
                lock (Session.Sync)
                {
                    _terminated = true;
                    _writeScheduled = false;
                    exited = _writerExited;
                    _writerExited = null;
                }
                exited?.TrySetResult();
                SetCloseWritten();
                EndSession(EngineCloseReason.TransportClose, "write failed");
                Abort();
                return;
            }

            if (closeCode != 0) SetCloseWritten();
        }
    }
}
