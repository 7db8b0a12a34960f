using System.Buffers;
using System.Text.Json;
using MessagePack;

namespace Tether.SocketIO.Redis.Internal.Wire;

/// <summary>Builds one outgoing message into an exactly-sized array (the form Redis publishes).</summary>
internal static class MessageBuffers
{
    /// <summary>Writes the body of a msgpack message (a delegate type because the writer is a ref struct).</summary>
    public delegate void MsgPackBody<TState>(ref MessagePackWriter writer, TState state);

    // Past this size a scratch buffer is not kept: one huge broadcast must not pin its size on every pool thread.
    private const int MaxKeptCapacity = 256 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>A JSON message written by <paramref name="body"/>.</summary>
    public static byte[] Json<TState>(TState state, Action<Utf8JsonWriter, TState> body)
    {
        var buffer = Rent();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body(writer, state);
        }
        return Release(buffer);
    }

    /// <summary>A msgpack message written by <paramref name="body"/>.</summary>
    public static byte[] MsgPack<TState>(TState state, MsgPackBody<TState> body)
    {
        var buffer = Rent();
        var writer = new MessagePackWriter(buffer);
        body(ref writer, state);
        writer.Flush();
        return Release(buffer);
    }

    // One scratch buffer per thread: building a message is synchronous, and the result is copied out.
    private static ArrayBufferWriter<byte> Rent()
    {
        var buffer = t_buffer ?? new ArrayBufferWriter<byte>(1024);
        t_buffer = null; // a nested build (never expected) would get a buffer of its own
        buffer.ResetWrittenCount();
        return buffer;
    }

    private static byte[] Release(ArrayBufferWriter<byte> buffer)
    {
        var message = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity <= MaxKeptCapacity) t_buffer = buffer;
        return message;
    }
}
