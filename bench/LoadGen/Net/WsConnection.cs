using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoadGen.Net;

/// <summary>
/// A minimal RFC 6455 WebSocket client over a raw socket: the upgrade request, masked text frames out, frames in.
/// It is written for the load generator, not for general use: one small receive buffer that grows only for a large
/// message, a synchronous send under a per-connection lock (a send to loopback completes at once unless the peer
/// stops reading, and the send timeout bounds that), and each received text message handed to the callback as a
/// span into the receive buffer — no per-message allocation on either side, so the generator stays cheap.
/// </summary>
internal sealed class WsConnection
{
    public delegate void MessageHandler(ReadOnlySpan<byte> message);

    [ThreadStatic] private static byte[]? t_sendScratch;

    private readonly Socket _socket;
    private readonly object _sendLock = new();
    private readonly byte[] _maskKey = new byte[4];
    private byte[] _buffer = new byte[2048];
    private int _start, _end;
    private byte[]? _fragments; // only for a message split over continuation frames (rare)
    private int _fragmentLength;
    private volatile bool _closed;

    private WsConnection(Socket socket)
    {
        _socket = socket;
        Random.Shared.NextBytes(_maskKey);
        _maskKey[0] |= 1; // never an all-zero key: the server must do the real unmasking work
    }

    public bool IsClosed => _closed;

    /// <summary>Opens TCP to <paramref name="endpoint"/> and performs the upgrade on <paramref name="pathAndQuery"/>.</summary>
    public static async Task<WsConnection> ConnectAsync(IPEndPoint endpoint, string pathAndQuery, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            SendTimeout = 10_000,
        };
        try
        {
            await socket.ConnectAsync(endpoint, ct);
            var ws = new WsConnection(socket);
            await ws.UpgradeAsync(endpoint, pathAndQuery, ct);
            return ws;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task UpgradeAsync(IPEndPoint endpoint, string pathAndQuery, CancellationToken ct)
    {
        // The key's value does not matter to us (we do not check Sec-WebSocket-Accept: the peer is on loopback).
        var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: {endpoint}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await _socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, ct);
        while (true)
        {
            var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
            if (n == 0) throw new IOException("connection closed during the WebSocket upgrade");
            _end += n;
            var headerEnd = _buffer.AsSpan(0, _end).IndexOf("\r\n\r\n"u8);
            if (headerEnd < 0)
            {
                if (_end == _buffer.Length) throw new IOException("upgrade response headers too large");
                continue;
            }
            if (!_buffer.AsSpan(0, _end).StartsWith("HTTP/1.1 101"u8))
            {
                var status = Encoding.ASCII.GetString(_buffer, 0, Math.Min(_end, 200)).Split('\r')[0];
                throw new IOException($"WebSocket upgrade refused: {status}");
            }
            _start = headerEnd + 4; // anything after the headers is already frame data
            return;
        }
    }

    /// <summary>Sends one text message. Thread-safe. Returns false when the connection is gone.</summary>
    public bool SendText(ReadOnlySpan<byte> payload)
    {
        if (_closed) return false;
        var frameLength = payload.Length + (payload.Length < 126 ? 6 : payload.Length <= ushort.MaxValue ? 8 : 14);
        var scratch = t_sendScratch;
        if (scratch is null || scratch.Length < frameLength) t_sendScratch = scratch = new byte[Math.Max(4096, frameLength)];

        var header = BuildHeader(scratch, 0x81, payload.Length);
        _maskKey.CopyTo(scratch.AsSpan(header));
        Mask(payload, scratch.AsSpan(header + 4, payload.Length), _maskKey);
        try
        {
            lock (_sendLock)
            {
                _socket.Send(scratch.AsSpan(0, frameLength));
            }
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _closed = true;
            return false;
        }
    }

    private static int BuildHeader(byte[] frame, byte first, int length)
    {
        frame[0] = first; // FIN + opcode
        if (length < 126)
        {
            frame[1] = (byte)(0x80 | length);
            return 2;
        }
        if (length <= ushort.MaxValue)
        {
            frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)length);
            return 4;
        }
        frame[1] = 0x80 | 127;
        BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)length);
        return 10;
    }

    private static void Mask(ReadOnlySpan<byte> source, Span<byte> target, byte[] key)
    {
        for (var i = 0; i < source.Length; i++) target[i] = (byte)(source[i] ^ key[i & 3]);
    }

    /// <summary>
    /// Reads frames until the connection ends, calling <paramref name="onMessage"/> for each complete text or
    /// binary message. Never throws: the end of the connection is the end of the task.
    /// </summary>
    public async Task RunAsync(MessageHandler onMessage)
    {
        try
        {
            while (true)
            {
                ParseFrames(onMessage);
                if (_closed) return;
                MakeRoom();
                var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
                if (n == 0) return;
                _end += n;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // Reset or aborted by us: the connection is over either way.
        }
        finally
        {
            _closed = true;
        }
    }

    private void ParseFrames(MessageHandler onMessage)
    {
        while (true)
        {
            var available = _buffer.AsSpan(_start, _end - _start);
            if (available.Length < 2) return;
            var fin = (available[0] & 0x80) != 0;
            var opcode = available[0] & 0x0F;
            long length = available[1] & 0x7F;
            var header = 2;
            if (length == 126)
            {
                if (available.Length < 4) return;
                length = BinaryPrimitives.ReadUInt16BigEndian(available[2..]);
                header = 4;
            }
            else if (length == 127)
            {
                if (available.Length < 10) return;
                length = (long)BinaryPrimitives.ReadUInt64BigEndian(available[2..]);
                header = 10;
            }
            if ((available[1] & 0x80) != 0) header += 4; // a server must not mask, but skip a key if it does
            if (available.Length < header + length)
            {
                EnsureCapacity(header + length);
                return;
            }
            var payload = available.Slice(header, (int)length);
            _start += header + (int)length;
            switch (opcode)
            {
                case 0x1 or 0x2 when fin && _fragments is null:
                    onMessage(payload);
                    break;
                case 0x1 or 0x2 or 0x0:
                    AppendFragment(payload);
                    if (fin)
                    {
                        onMessage(_fragments.AsSpan(0, _fragmentLength));
                        _fragments = null;
                        _fragmentLength = 0;
                    }
                    break;
                case 0x8: // close: we stop; the runner aborts the socket
                    _closed = true;
                    return;
                case 0x9: // ping: answer with a pong carrying the same payload
                    SendControl(0x8A, payload);
                    break;
            }
        }
    }

    private void AppendFragment(ReadOnlySpan<byte> payload)
    {
        _fragments ??= new byte[Math.Max(4096, payload.Length)];
        if (_fragmentLength + payload.Length > _fragments.Length)
            Array.Resize(ref _fragments, Math.Max(_fragments.Length * 2, _fragmentLength + payload.Length));
        payload.CopyTo(_fragments.AsSpan(_fragmentLength));
        _fragmentLength += payload.Length;
    }

    private void SendControl(byte first, ReadOnlySpan<byte> payload)
    {
        Span<byte> frame = stackalloc byte[6 + 125];
        frame[0] = first;
        frame[1] = (byte)(0x80 | payload.Length);
        _maskKey.CopyTo(frame[2..]);
        Mask(payload, frame.Slice(6, payload.Length), _maskKey);
        try
        {
            lock (_sendLock) _socket.Send(frame[..(6 + payload.Length)]);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _closed = true;
        }
    }

    /// <summary>Moves unread bytes to the front so the next receive has room.</summary>
    private void MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        else if (_start > 0 && _end == _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
    }

    private void EnsureCapacity(long frameLength)
    {
        if (frameLength <= _buffer.Length - _start) return;
        var bigger = new byte[Math.Max(_buffer.Length * 2, (int)frameLength)];
        Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
        _end -= _start;
        _start = 0;
        _buffer = bigger;
    }

    /// <summary>
    /// Drops the connection with a TCP reset (linger 0). The server sees the client vanish, which it must handle
    /// anyway, and the generator leaves no TIME_WAIT sockets behind to exhaust loopback ports across runs.
    /// </summary>
    public void Abort()
    {
        _closed = true;
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }
}
