using System.Text.Json;

namespace Tether.SocketIO.Parsing;

/// <summary>
/// A per-thread cached pooled buffer and <see cref="Utf8JsonWriter"/>, so encoding a packet allocates only its final
/// byte array. Rent/Return (rather than a plain thread-static) keeps a nested encode on the same thread safe: it
/// simply gets a fresh instance.
/// </summary>
internal sealed class EncoderScratch
{
    [ThreadStatic] private static EncoderScratch? t_cached;

    private Utf8JsonWriter? _writer;
    private JsonSerializerOptions? _writerOptionsSource;

    public PooledByteBufferWriter Buffer { get; } = new();

    public static EncoderScratch Rent()
    {
        var scratch = t_cached;
        if (scratch is null) return new EncoderScratch();
        t_cached = null;
        return scratch;
    }

    public static void Return(EncoderScratch scratch)
    {
        scratch.Buffer.Reset();
        t_cached = scratch;
    }

    /// <summary>A writer over <see cref="Buffer"/> honouring the serializer's encoder and depth settings.</summary>
    public Utf8JsonWriter GetWriter(JsonSerializerOptions options)
    {
        if (_writer is not null && ReferenceEquals(_writerOptionsSource, options))
        {
            _writer.Reset(Buffer);
            return _writer;
        }
        _writer?.Dispose();
        _writerOptionsSource = options;
        // Never indented: a packet is one line, and Engine.IO polling payloads are compact.
        _writer = new Utf8JsonWriter(Buffer, new JsonWriterOptions
        {
            Encoder = options.Encoder,
            MaxDepth = options.MaxDepth,
        });
        return _writer;
    }
}
