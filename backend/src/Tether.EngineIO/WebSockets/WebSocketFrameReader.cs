using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Tether.EngineIO.WebSockets;

/// <summary>
/// Parses RFC 6455 frame headers and unmasks payloads. Stateless and synchronous so the read loop can run it over
/// whatever bytes it has, with no buffer of its own.
/// </summary>
internal static class WebSocketFrameReader
{
    /// <summary>The longest possible header: 2 + 8 (64-bit length) + 4 (mask).</summary>
    public const int MaxHeaderLength = 14;

    /// <summary>
    /// Reads a frame header from the start of <paramref name="buffer"/>. On <see cref="FrameHeaderStatus.Incomplete"/>,
    /// <paramref name="header"/>.HeaderLength is the number of bytes needed to finish the header.
    /// </summary>
    public static FrameHeaderStatus TryReadHeader(ReadOnlySpan<byte> buffer, out WebSocketFrameHeader header)
    {
        header = default;
        if (buffer.Length < 2)
        {
            header = header with { HeaderLength = 2 };
            return FrameHeaderStatus.Incomplete;
        }

        byte b0 = buffer[0], b1 = buffer[1];
        bool fin = (b0 & 0x80) != 0;
        // No extension is ever negotiated, so every reserved bit must be clear.
        if ((b0 & 0x70) != 0) return FrameHeaderStatus.Invalid;
        var opcode = (WebSocketOpcode)(b0 & 0x0F);
        bool isControl;
        switch (opcode)
        {
            case WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary: isControl = false; break;
            case WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong: isControl = true; break;
            default: return FrameHeaderStatus.Invalid;
        }

        bool masked = (b1 & 0x80) != 0;
        int lengthCode = b1 & 0x7F;
        int headerLength = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + (masked ? 4 : 0);
        // Control frames carry at most 125 bytes and are never fragmented.
        if (isControl && (!fin || lengthCode > 125)) return FrameHeaderStatus.Invalid;
        if (buffer.Length < headerLength)
        {
            header = header with { HeaderLength = headerLength };
            return FrameHeaderStatus.Incomplete;
        }

        long length = lengthCode;
        int offset = 2;
        if (lengthCode == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
            offset = 4;
        }
        else if (lengthCode == 127)
        {
            var raw = BinaryPrimitives.ReadUInt64BigEndian(buffer[2..]);
            // The most significant bit must be 0 (RFC 6455 §5.2).
            if (raw > long.MaxValue) return FrameHeaderStatus.Invalid;
            length = (long)raw;
            offset = 10;
        }

        // The mask key is kept in wire byte order so that XOR-ing it as a little-endian word lines up with the bytes.
        uint mask = masked ? MemoryMarshal.Read<uint>(buffer[offset..]) : 0;
        header = new WebSocketFrameHeader(fin, opcode, masked, mask, length, headerLength);
        return FrameHeaderStatus.Done;
    }

    /// <summary>
    /// XORs <paramref name="payload"/> with the mask in place. <paramref name="mask"/> is the key as read by
    /// <see cref="TryReadHeader"/>; <paramref name="offset"/> is the payload position of the first byte (for a payload
    /// processed in pieces).
    /// </summary>
    public static void Unmask(Span<byte> payload, uint mask, long offset = 0)
    {
        if (mask == 0 || payload.IsEmpty) return;
        int shift = (int)(offset & 3) * 8;
        // Rotate so the key starts at the byte matching this offset (little-endian view of the wire bytes).
        uint rotated = shift == 0 ? mask : BitOperations.RotateRight(mask, shift);

        int i = 0;
        if (Vector.IsHardwareAccelerated && payload.Length >= Vector<byte>.Count)
        {
            var keyVector = new Vector<uint>(rotated).As<uint, byte>();
            var vectors = MemoryMarshal.Cast<byte, Vector<byte>>(payload);
            for (int v = 0; v < vectors.Length; v++) vectors[v] ^= keyVector;
            i = vectors.Length * Vector<byte>.Count;
        }

        ulong wideKey = rotated | ((ulong)rotated << 32);
        var longs = MemoryMarshal.Cast<byte, ulong>(payload[i..]);
        for (int l = 0; l < longs.Length; l++) longs[l] ^= wideKey;
        i += longs.Length * 8;

        // The tail: vector and word sizes are multiples of 4, so the key phase is unchanged here.
        for (; i < payload.Length; i++) payload[i] ^= (byte)(rotated >> ((i & 3) * 8));
    }
}
