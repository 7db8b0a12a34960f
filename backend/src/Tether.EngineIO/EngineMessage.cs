using System.Text;

namespace Tether.EngineIO;

/// <summary>
/// One Engine.IO "message" packet (type 4) ready to be sent. Immutable and safe to share: a broadcast builds one
/// instance and queues the same object on every recipient connection, and each transport encoding is computed at
/// most once per message, not once per recipient.
/// </summary>
public sealed class EngineMessage
{
    private byte[]? _webSocketText;
    private string? _pollingText;
    private byte[]? _pollingBinary;

    private EngineMessage(bool isBinary, ReadOnlyMemory<byte> data)
    {
        IsBinary = isBinary;
        Data = data;
    }

    /// <summary>True for a binary message, false for a UTF-8 text message.</summary>
    public bool IsBinary { get; }

    /// <summary>The payload: UTF-8 text (without the Engine.IO type prefix) or raw bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>A text message from a string.</summary>
    public static EngineMessage Text(string text) => new(false, Encoding.UTF8.GetBytes(text));

    /// <summary>A text message from UTF-8 bytes. The memory must not change afterwards.</summary>
    public static EngineMessage Text(ReadOnlyMemory<byte> utf8) => new(false, utf8);

    /// <summary>A binary message. The memory must not change afterwards.</summary>
    public static EngineMessage Binary(ReadOnlyMemory<byte> data) => new(true, data);

    /// <summary>
    /// The WebSocket frame payload of a text message: <c>'4'</c> followed by the UTF-8 text. Binary messages go
    /// out as they are (Engine.IO v4 sends binary frames with no prefix).
    /// </summary>
    internal ReadOnlyMemory<byte> WebSocketPayload
    {
        get
        {
            if (IsBinary) return Data;
            var cached = Volatile.Read(ref _webSocketText);
            if (cached is not null) return cached;
            var bytes = new byte[Data.Length + 1];
            bytes[0] = (byte)'4';
            Data.Span.CopyTo(bytes.AsSpan(1));
            // A race only builds the same bytes twice; either copy is correct.
            Volatile.Write(ref _webSocketText, bytes);
            return bytes;
        }
    }

    /// <summary>
    /// The long-polling encoding as UTF-8 bytes: <c>4text</c> for text, <c>b&lt;base64&gt;</c> for binary. Only the
    /// binary form is cached (base64 is worth computing once per broadcast); text is written straight from
    /// <see cref="Data"/> by the transports.
    /// </summary>
    internal ReadOnlyMemory<byte> PollingPayload
    {
        get
        {
            if (!IsBinary) return WebSocketPayload;
            var cached = Volatile.Read(ref _pollingBinary);
            if (cached is not null) return cached;
            var bytes = new byte[1 + System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(Data.Length)];
            bytes[0] = (byte)'b';
            System.Buffers.Text.Base64.EncodeToUtf8(Data.Span, bytes.AsSpan(1), out _, out var written);
            System.Diagnostics.Debug.Assert(written == bytes.Length - 1);
            Volatile.Write(ref _pollingBinary, bytes);
            return bytes;
        }
    }

    /// <summary>
    /// The long-polling encoding: <c>4text</c> for text, <c>b&lt;base64&gt;</c> for binary (Engine.IO v4 payloads
    /// are text, joined by the record separator 0x1e).
    /// </summary>
    internal string PollingText
    {
        get
        {
            var cached = Volatile.Read(ref _pollingText);
            if (cached is not null) return cached;
            var text = IsBinary
                ? "b" + Convert.ToBase64String(Data.Span)
                : "4" + Encoding.UTF8.GetString(Data.Span);
            Volatile.Write(ref _pollingText, text);
            return text;
        }
    }
}
