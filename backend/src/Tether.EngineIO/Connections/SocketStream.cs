using System.Net.Sockets;

namespace Tether.EngineIO.Connections;

/// <summary>
/// An accepted socket as the duplex <see cref="Stream"/> the WebSocket transport reads and writes. Unlike
/// <see cref="NetworkStream"/>, a write goes out with a plain non-blocking send, which takes the whole batch at once
/// unless the peer stopped reading: the asynchronous send (and the event-args object the socket then keeps for good)
/// is only used for such a slow peer. Reads are the socket's own (a zero-byte read waits for data without a buffer).
/// </summary>
internal sealed class SocketStream : AsyncDuplexStream
{
    private readonly Socket _socket;

    public SocketStream(Socket socket)
    {
        _socket = socket;
        _socket.Blocking = false;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            int sent = _socket.Send(buffer.Span, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock) return SendRestAsync(buffer, cancellationToken);
            if (error != SocketError.Success) return ValueTask.FromException(new IOException("The send failed.", new SocketException((int)error)));
            buffer = buffer[sent..];
        }
        return ValueTask.CompletedTask;
    }

    private async ValueTask SendRestAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            while (!buffer.IsEmpty) buffer = buffer[await _socket.SendAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)..];
        }
        catch (SocketException ex)
        {
            throw new IOException("The send failed.", ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _socket.Dispose();
        base.Dispose(disposing);
    }
}
