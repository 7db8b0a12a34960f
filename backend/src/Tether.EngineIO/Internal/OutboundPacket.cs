using System.Buffers.Text;
using Tether.EngineIO.WebSockets;

namespace Tether.EngineIO.Internal;

/// <summary>
/// One entry of a connection's send queue: either a shared <see cref="EngineMessage"/> or a control packet
/// (open, ping, pong, noop, close). Knows how to encode itself for both transports straight into an output buffer,
/// so a text message is never copied into an intermediate "4..." array.
/// </summary>
internal readonly struct OutboundPacket
{
    public static readonly OutboundPacket Ping = new(EnginePacketType.Ping);
    public static readonly OutboundPacket Noop = new(EnginePacketType.Noop);
    public static readonly OutboundPacket ClosePacket = new(EnginePacketType.Close);

    public OutboundPacket(EngineMessage message)
    {
        Message = message;
        Type = EnginePacketType.Message;
        Data = null;
    }

    public OutboundPacket(EnginePacketType type, byte[]? data = null)
    {
        Message = null;
        Type = type;
        Data = data;
    }

    /// <summary>The application message, or null for a control packet.</summary>
    public EngineMessage? Message { get; }

    public EnginePacketType Type { get; }

    /// <summary>ASCII/UTF-8 data following the type digit of a control packet (e.g. <c>probe</c>, the open JSON).</summary>
    public byte[]? Data { get; }

    /// <summary>An estimate of the bytes this entry holds, for the slow-consumer limit.</summary>
    public int BufferedSize => Message is { } m ? m.Data.Length + 1 : 1 + (Data?.Length ?? 0);

    // ---- WebSocket: text packets are "<type><data>" text frames; binary messages are raw binary frames.

    private int WebSocketPayloadLength => Message is { } m ? (m.IsBinary ? m.Data.Length : m.Data.Length + 1) : 1 + (Data?.Length ?? 0);

    public int WebSocketFrameLength
    {
        get
        {
            var payload = WebSocketPayloadLength;
            return WebSocketFrameWriter.GetHeaderLength(payload) + payload;
        }
    }

    /// <summary>Writes this packet as one unmasked server frame; returns the bytes written.</summary>
    public int WriteWebSocketFrame(Span<byte> destination)
    {
        if (Message is { IsBinary: true } binary)
            return WebSocketFrameWriter.WriteFrame(destination, WebSocketOpcode.Binary, binary.Data.Span);
        var header = WebSocketFrameWriter.WriteHeader(destination, WebSocketOpcode.Text, fin: true, WebSocketPayloadLength);
        return header + WriteTextPacket(destination[header..]);
    }

    // ---- Polling: "<type><data>" for text, "b<base64>" for binary.

    public int PollingLength
    {
        get
        {
            if (Message is { IsBinary: true } binary) return binary.PollingPayload.Length;
            return WebSocketPayloadLength;
        }
    }

    public int WritePolling(Span<byte> destination)
    {
        if (Message is { IsBinary: true } binary)
        {
            var encoded = binary.PollingPayload.Span;
            encoded.CopyTo(destination);
            return encoded.Length;
        }
        return WriteTextPacket(destination);
    }

    private int WriteTextPacket(Span<byte> destination)
    {
        destination[0] = (byte)Type;
        var data = Message is { } m ? m.Data.Span : Data;
        data.CopyTo(destination[1..]);
        return data.Length + 1;
    }
}
