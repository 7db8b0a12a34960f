using System.Buffers;
using System.IO.Pipelines;

namespace Tether.EngineIO.Connections;

/// <summary>
/// A raw connection's pipes as the duplex <see cref="Stream"/> the WebSocket transport reads and writes. A zero-byte
/// read waits for data without consuming it (the transport rents its buffer only once data is there), and every write
/// is flushed: the transport already hands over a whole batch of frames per write.
/// </summary>
internal sealed class DuplexPipeStream(IDuplexPipe transport) : AsyncDuplexStream
{
    private readonly PipeReader _input = transport.Input;

    /// <summary>The connection's input, for a caller that waits for data on it directly.</summary>
    public PipeReader Input => _input;
    private readonly PipeWriter _output = transport.Output;

    public override ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_input.TryRead(out var ready)) return new ValueTask<int>(Consume(ready, destination.Span));
        return ReadSlowAsync(destination, cancellationToken);
    }

    private async ValueTask<int> ReadSlowAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Consume(result, destination.Span);
    }

    /// <summary>Copies what fits; a zero-byte read leaves the data where it is for the next read.</summary>
    private int Consume(ReadResult result, Span<byte> destination)
    {
        var buffer = result.Buffer;
        if (destination.IsEmpty || buffer.IsEmpty)
        {
            // Nothing consumed or examined: the next read returns the same data at once (or the end of the stream).
            _input.AdvanceTo(buffer.Start);
            return 0;
        }
        int count = (int)Math.Min(buffer.Length, destination.Length);
        var taken = buffer.Slice(0, count);
        taken.CopyTo(destination);
        _input.AdvanceTo(taken.End);
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        var result = await _output.WriteAsync(source, cancellationToken).ConfigureAwait(false);
        // The connection's sending side is gone (the peer reset, or the connection was aborted).
        if (result.IsCompleted || result.IsCanceled) throw new IOException("The connection is closed.");
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _output.FlushAsync(cancellationToken).AsTask();
}
