using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Tether.EngineIO.WebSockets;

/// <summary>Writes RFC 6455 frames into a caller's buffer, so a whole batch of frames can go out in one write.</summary>
internal static class WebSocketFrameWriter
{
    /// <summary>The header length of an unmasked (server) frame with this payload length.</summary>
    public static int GetHeaderLength(long payloadLength, bool masked = false)
        => (payloadLength <= 125 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10) + (masked ? 4 : 0);

    /// <summary>Writes a frame header; returns its length. With a mask key the frame is a client frame.</summary>
    public static int WriteHeader(Span<byte> destination, WebSocketOpcode opcode, bool fin, long payloadLength, uint? maskKey = null)
    {
        destination[0] = (byte)((fin ? 0x80 : 0) | (byte)opcode);
        byte maskBit = maskKey.HasValue ? (byte)0x80 : (byte)0;
        int offset;
        if (payloadLength <= 125)
        {
            destination[1] = (byte)(maskBit | payloadLength);
            offset = 2;
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            offset = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
            offset = 10;
        }

        if (maskKey is { } key)
        {
            MemoryMarshal.Write(destination[offset..], in key);
            offset += 4;
        }
        return offset;
    }

    /// <summary>Writes a complete unmasked frame; returns its length.</summary>
    public static int WriteFrame(Span<byte> destination, WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool fin = true)
    {
        int header = WriteHeader(destination, opcode, fin, payload.Length);
        payload.CopyTo(destination[header..]);
        return header + payload.Length;
    }

    /// <summary>Writes a complete masked (client-side) frame; returns its length. Used by tests and tools.</summary>
    public static int WriteMaskedFrame(Span<byte> destination, WebSocketOpcode opcode, ReadOnlySpan<byte> payload, uint maskKey, bool fin = true)
    {
        int header = WriteHeader(destination, opcode, fin, payload.Length, maskKey);
        var body = destination.Slice(header, payload.Length);
        payload.CopyTo(body);
        WebSocketFrameReader.Unmask(body, maskKey); // XOR masking is its own inverse
        return header + payload.Length;
    }

    /// <summary>The length of a close frame carrying only a status code.</summary>
    public const int CloseFrameLength = 4;

    /// <summary>Writes a close frame with a status code and no reason.</summary>
    public static int WriteCloseFrame(Span<byte> destination, ushort code)
    {
        Span<byte> payload = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        return WriteFrame(destination, WebSocketOpcode.Close, payload);
    }
}
