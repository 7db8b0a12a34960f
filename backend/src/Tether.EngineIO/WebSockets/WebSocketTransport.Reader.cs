using System.Buffers;
using System.Buffers.Binary;
using Tether.EngineIO.Internal;

namespace Tether.EngineIO.WebSockets;

/// <summary>The read loop: no buffer while idle, frames parsed in place, messages handled with no thread hop.</summary>
internal sealed partial class WebSocketTransport
{
    /// <summary>
    /// Runs the connection until it closes: the read loop, then the close. One method, so an idle connection's wait for
    /// data is a single async frame.
    /// </summary>
    internal async Task RunAsync()
    {
        byte[]? buffer = null;
        int start = 0, end = 0;
        try
        {
            while (true)
            {
                if (start == end)
                {
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = null;
                    }
                    start = end = 0;
                    // Idle connections hold no receive buffer: wait for data first, rent only then.
                    if (_pipeInput is { } input)
                    {
                        // The connection's own pipe: wait on it directly (no extra async frame while idle).
                        var ready = await input.ReadAsync().ConfigureAwait(false);
                        input.AdvanceTo(ready.Buffer.Start);
                    }
                    else
                    {
                        await _stream.ReadAsync(Memory<byte>.Empty).ConfigureAwait(false);
                    }
                    buffer = ArrayPool<byte>.Shared.Rent(InitialReadBufferSize);
                }

                buffer ??= ArrayPool<byte>.Shared.Rent(InitialReadBufferSize); // (only for the compiler: set above)
                int read = await _stream.ReadAsync(buffer.AsMemory(end)).ConfigureAwait(false);
                if (read == 0) break; // the peer closed the TCP connection
                end += read;

                if (ProcessFramesThenFlush(buffer, ref start, end, out int required) == ReadStep.Stop) break;
                if (start != end) MakeRoom(ref buffer, ref start, ref end, required);
            }
        }
        catch (Exception ex)
        {
            // A reset or aborted connection: the session ends below as a transport close.
            Log.WebSocketReadEnded(Session.Server.SessionLogger, Session.Id, ex.GetType().Name);
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            ReleaseFragment();
        }

        Task? closeWritten;
        lock (Session.Sync) closeWritten = _closeCode != 0 ? CloseWritten_NoLock.Task : null;
        // Let our close frame go out (the abort timer bounds this).
        if (closeWritten is not null) await closeWritten.ConfigureAwait(false);

        Task? writerExit = null;
        Timer? abortTimer;
        lock (Session.Sync)
        {
            _terminated = true;
            if (_writeScheduled) writerExit = (_writerExited ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            abortTimer = _abortTimer;
            _abortTimer = null;
        }
        if (writerExit is not null)
        {
            try
            {
                await writerExit.WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Abort();
            }
        }
        abortTimer?.Dispose();
        Session.OnWebSocketEnded(this);
        // A socket taken straight from the listener has nobody else to close it (Kestrel closes its own connections).
        if (_owner is System.Net.Sockets.Socket socket) socket.Dispose();
    }

    private enum ReadStep
    {
        NeedMore,
        Stop,
    }

    /// <summary>Part of a frame is buffered: makes room for all of it (bounded by the message size limit).</summary>
    private static void MakeRoom(ref byte[] buffer, ref int start, ref int end, int required)
    {
        int pending = end - start;
        if (required <= buffer.Length - start) return;
        if (required <= buffer.Length)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, pending);
        }
        else
        {
            var bigger = ArrayPool<byte>.Shared.Rent(required);
            Buffer.BlockCopy(buffer, start, bigger, 0, pending);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }
        start = 0;
        end = pending;
    }

    /// <summary>Handles every complete frame in buffer[start..end); leaves start at the first incomplete one.</summary>
    private ReadStep ProcessFrames(byte[] buffer, ref int start, int end, out int required)
    {
        required = 0;
        while (start < end)
        {
            var available = buffer.AsSpan(start, end - start);
            var status = WebSocketFrameReader.TryReadHeader(available, out var header);
            if (status == FrameHeaderStatus.Incomplete)
            {
                required = header.HeaderLength;
                return ReadStep.NeedMore;
            }
            if (status == FrameHeaderStatus.Invalid) return Fail(WebSocketCloseCode.ProtocolError, "malformed frame header");
            // RFC 6455 §5.1: a server must close on an unmasked client frame.
            if (!header.Masked) return Fail(WebSocketCloseCode.ProtocolError, "unmasked frame");

            switch (header.Opcode)
            {
                case WebSocketOpcode.Text or WebSocketOpcode.Binary:
                    if (_inFragment) return Fail(WebSocketCloseCode.ProtocolError, "new message inside a fragmented one");
                    if (header.PayloadLength > _maxMessageSize) return Fail(WebSocketCloseCode.MessageTooBig, "message too big");
                    break;
                case WebSocketOpcode.Continuation:
                    if (!_inFragment) return Fail(WebSocketCloseCode.ProtocolError, "continuation without a message");
                    if (_fragmentLength + header.PayloadLength > _maxMessageSize) return Fail(WebSocketCloseCode.MessageTooBig, "message too big");
                    break;
            }

            int frameLength = header.HeaderLength + (int)header.PayloadLength;
            if (available.Length < frameLength)
            {
                required = frameLength;
                return ReadStep.NeedMore;
            }

            var payload = available.Slice(header.HeaderLength, (int)header.PayloadLength);
            WebSocketFrameReader.Unmask(payload, header.MaskKey);
            start += frameLength;
            if (!HandleFrame(header, payload)) return ReadStep.Stop;
        }
        return ReadStep.NeedMore;
    }

    private bool HandleFrame(in WebSocketFrameHeader header, Span<byte> payload)
    {
        switch (header.Opcode)
        {
            case WebSocketOpcode.Text or WebSocketOpcode.Binary when header.Fin:
                return HandleMessage(header.Opcode, payload);
            case WebSocketOpcode.Text or WebSocketOpcode.Binary:
                _inFragment = true;
                _fragmentOpcode = header.Opcode;
                AppendFragment(payload);
                return true;
            case WebSocketOpcode.Continuation:
                AppendFragment(payload);
                if (!header.Fin) return true;
                bool keepReading = HandleMessage(_fragmentOpcode, _fragment.AsSpan(0, _fragmentLength));
                ReleaseFragment();
                return keepReading;
            case WebSocketOpcode.Ping:
                SendControlFrame(WebSocketOpcode.Pong, payload.ToArray());
                return true;
            case WebSocketOpcode.Pong:
                return true;
            default: // Close
                return HandleCloseFrame(payload);
        }
    }

    private bool HandleMessage(WebSocketOpcode opcode, Span<byte> payload)
    {
        if (opcode == WebSocketOpcode.Binary)
        {
            if (!_active) return AbandonUpgrade("binary frame during upgrade");
            // Engine.IO v4: a binary frame is a message as is, with no type prefix.
            Session.DeliverMessage(true, payload);
            return true;
        }

        if (!System.Text.Unicode.Utf8.IsValid(payload)) return FailMessage(WebSocketCloseCode.InvalidPayloadData, "invalid UTF-8");
        if (payload.IsEmpty) return FailMessage(WebSocketCloseCode.ProtocolError, "empty packet");

        byte type = payload[0];
        var data = payload[1..];
        if (!_active) return HandleProbePacket(type, data);
        if (type == (byte)EnginePacketType.Upgrade) return true; // already upgraded: nothing to do
        if (!Session.HandleTextPacket(type, data)) return FailMessage(WebSocketCloseCode.ProtocolError, "invalid packet");
        return true;
    }

    private bool HandleProbePacket(byte type, ReadOnlySpan<byte> data)
    {
        if (type == (byte)EnginePacketType.Ping && data.SequenceEqual("probe"u8))
        {
            SendControlFrame(WebSocketOpcode.Text, ProbeReply);
            Session.OnProbe(this);
            return true;
        }
        if (type == (byte)EnginePacketType.Upgrade)
        {
            if (Session.CompleteUpgrade(this)) return true;
            return AbandonUpgrade("upgrade packet before probe, or session gone");
        }
        return AbandonUpgrade("unexpected packet during upgrade");
    }

    private bool AbandonUpgrade(string detail)
    {
        Log.UpgradeAbandoned(Session.Server.SessionLogger, Session.Id, detail);
        InitiateClose(WebSocketCloseCode.NormalClosure);
        Session.AbortUpgrade(this);
        return false;
    }

    private bool HandleCloseFrame(ReadOnlySpan<byte> payload)
    {
        ushort code = WebSocketCloseCode.NormalClosure;
        if (payload.Length == 1) return FailMessage(WebSocketCloseCode.ProtocolError, "close frame with 1-byte payload");
        if (payload.Length >= 2)
        {
            code = BinaryPrimitives.ReadUInt16BigEndian(payload);
            if (!WebSocketCloseCode.IsValidReceived(code)) return FailMessage(WebSocketCloseCode.ProtocolError, "invalid close code");
        }
        // Echo the peer's code (RFC 6455 §5.5.1); a no-op when we initiated the close ourselves.
        InitiateClose(code);
        EndSession(EngineCloseReason.TransportClose, "closed by the client");
        return false;
    }

    /// <summary>Closes with a close code and ends the session (or just the upgrade attempt).</summary>
    private ReadStep Fail(ushort closeCode, string detail)
    {
        // First the code, so the session's own close (which asks for 1000) does not override it.
        InitiateClose(closeCode);
        EndSession(EngineCloseReason.TransportError, detail);
        return ReadStep.Stop;
    }

    private bool FailMessage(ushort closeCode, string detail)
    {
        Fail(closeCode, detail);
        return false;
    }

    private void EndSession(EngineCloseReason reason, string detail)
    {
        if (Session.Transport == this) Session.CloseWithError(reason, detail);
        else if (Session.AbortUpgrade(this)) Log.UpgradeAbandoned(Session.Server.SessionLogger, Session.Id, detail);
    }

    private void AppendFragment(ReadOnlySpan<byte> payload)
    {
        int needed = _fragmentLength + payload.Length;
        if (_fragment is null || _fragment.Length < needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _fragment is null ? InitialReadBufferSize : _fragment.Length * 2));
            if (_fragment is not null)
            {
                _fragment.AsSpan(0, _fragmentLength).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_fragment);
            }
            _fragment = bigger;
        }
        payload.CopyTo(_fragment.AsSpan(_fragmentLength));
        _fragmentLength = needed;
    }

    private void ReleaseFragment()
    {
        if (_fragment is not null) ArrayPool<byte>.Shared.Return(_fragment);
        _fragment = null;
        _fragmentLength = 0;
        _inFragment = false;
    }
}
