using System.Security.Cryptography;
using Tether.EngineIO.WebSockets;

namespace Tether.EngineIO.Tests;

public sealed class WebSocketFrameTests
{
    private const uint Mask = 0x78563412; // wire bytes 12 34 56 78

    private static byte[] Payload(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(0, 6)]
    [InlineData(125, 6)]
    [InlineData(126, 8)]
    [InlineData(65535, 8)]
    [InlineData(65536, 14)]
    public void Masked_frames_round_trip_for_each_length_encoding(int length, int headerLength)
    {
        var payload = Payload(length);
        var frame = new byte[length + 14];
        int written = WebSocketFrameWriter.WriteMaskedFrame(frame, WebSocketOpcode.Binary, payload, Mask);
        Assert.Equal(length + headerLength, written);

        Assert.Equal(FrameHeaderStatus.Done, WebSocketFrameReader.TryReadHeader(frame.AsSpan(0, written), out var header));
        Assert.True(header.Fin);
        Assert.True(header.Masked);
        Assert.Equal(WebSocketOpcode.Binary, header.Opcode);
        Assert.Equal(length, header.PayloadLength);
        Assert.Equal(headerLength, header.HeaderLength);

        var body = frame.AsSpan(header.HeaderLength, length);
        if (length >= 4) Assert.False(body.SequenceEqual(payload)); // really masked on the wire
        WebSocketFrameReader.Unmask(body, header.MaskKey);
        Assert.True(body.SequenceEqual(payload));
    }

    [Theory]
    [InlineData(125, new byte[] { 0x81, 125 })]
    [InlineData(126, new byte[] { 0x81, 126, 0, 126 })]
    [InlineData(65535, new byte[] { 0x81, 126, 0xFF, 0xFF })]
    [InlineData(65536, new byte[] { 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0 })]
    public void Server_frame_headers_use_the_shortest_length_encoding(int length, byte[] expectedHeader)
    {
        var frame = new byte[length + 10];
        int written = WebSocketFrameWriter.WriteFrame(frame, WebSocketOpcode.Text, new byte[length]);
        Assert.Equal(length + expectedHeader.Length, written);
        Assert.Equal(expectedHeader, frame[..expectedHeader.Length]);
        Assert.Equal(expectedHeader.Length, WebSocketFrameWriter.GetHeaderLength(length));
    }

    [Fact]
    public void Known_masked_frame_from_rfc_6455_decodes()
    {
        // RFC 6455 §5.7: a masked "Hello".
        byte[] frame = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58];
        Assert.Equal(FrameHeaderStatus.Done, WebSocketFrameReader.TryReadHeader(frame, out var header));
        Assert.Equal(WebSocketOpcode.Text, header.Opcode);
        var body = frame.AsSpan(header.HeaderLength);
        WebSocketFrameReader.Unmask(body, header.MaskKey);
        Assert.Equal("Hello"u8.ToArray(), body.ToArray());
    }

    [Fact]
    public void Close_frame_carries_the_status_code()
    {
        var frame = new byte[WebSocketFrameWriter.CloseFrameLength];
        Assert.Equal(4, WebSocketFrameWriter.WriteCloseFrame(frame, 1009));
        Assert.Equal(new byte[] { 0x88, 2, 0x03, 0xF1 }, frame);
    }

    [Fact]
    public void Fragments_carry_fin_and_continuation_opcode()
    {
        var frame = new byte[32];
        WebSocketFrameWriter.WriteMaskedFrame(frame, WebSocketOpcode.Text, "ab"u8, Mask, fin: false);
        Assert.Equal(FrameHeaderStatus.Done, WebSocketFrameReader.TryReadHeader(frame, out var first));
        Assert.False(first.Fin);
        Assert.Equal(WebSocketOpcode.Text, first.Opcode);

        WebSocketFrameWriter.WriteMaskedFrame(frame, WebSocketOpcode.Continuation, "cd"u8, Mask, fin: true);
        Assert.Equal(FrameHeaderStatus.Done, WebSocketFrameReader.TryReadHeader(frame, out var last));
        Assert.True(last.Fin);
        Assert.Equal(WebSocketOpcode.Continuation, last.Opcode);
    }

    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(2, 6)]
    [InlineData(5, 6)]
    public void Incomplete_short_header_reports_needed_bytes(int available, int needed)
    {
        var frame = new byte[16];
        WebSocketFrameWriter.WriteMaskedFrame(frame, WebSocketOpcode.Text, "hi"u8, Mask);
        Assert.Equal(FrameHeaderStatus.Incomplete, WebSocketFrameReader.TryReadHeader(frame.AsSpan(0, available), out var header));
        Assert.Equal(needed, header.HeaderLength);
    }

    [Theory]
    [InlineData(126, 3, 8)]
    [InlineData(65536, 9, 14)]
    public void Incomplete_extended_header_reports_needed_bytes(int length, int available, int needed)
    {
        var frame = new byte[length + 14];
        WebSocketFrameWriter.WriteMaskedFrame(frame, WebSocketOpcode.Binary, new byte[length], Mask);
        Assert.Equal(FrameHeaderStatus.Incomplete, WebSocketFrameReader.TryReadHeader(frame.AsSpan(0, available), out var header));
        Assert.Equal(needed, header.HeaderLength);
    }

    [Theory]
    [InlineData(new byte[] { 0xC1, 0x80, 0, 0, 0, 0 })]             // RSV1 set
    [InlineData(new byte[] { 0xA1, 0x80, 0, 0, 0, 0 })]             // RSV2 set
    [InlineData(new byte[] { 0x83, 0x80, 0, 0, 0, 0 })]             // reserved data opcode 3
    [InlineData(new byte[] { 0x8B, 0x80, 0, 0, 0, 0 })]             // reserved control opcode 0xB
    [InlineData(new byte[] { 0x89, 0xFE, 0, 126, 0, 0, 0, 0 })]     // ping longer than 125
    [InlineData(new byte[] { 0x09, 0x80, 0, 0, 0, 0 })]             // fragmented ping
    [InlineData(new byte[] { 0x88, 0xFE, 0, 200, 0, 0, 0, 0 })]     // close longer than 125
    [InlineData(new byte[] { 0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4 })] // 64-bit length with MSB set
    public void Malformed_headers_are_rejected(byte[] frame)
    {
        Assert.Equal(FrameHeaderStatus.Invalid, WebSocketFrameReader.TryReadHeader(frame, out _));
    }

    [Fact]
    public void Unmasked_header_parses_with_masked_false()
    {
        byte[] frame = [0x82, 0x01, 0x42];
        Assert.Equal(FrameHeaderStatus.Done, WebSocketFrameReader.TryReadHeader(frame, out var header));
        Assert.False(header.Masked);
        Assert.Equal(2, header.HeaderLength);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(100)]
    public void Unmasking_in_pieces_matches_unmasking_at_once(int split)
    {
        var original = RandomNumberGenerator.GetBytes(257);
        var whole = original.ToArray();
        WebSocketFrameReader.Unmask(whole, Mask);

        var pieces = original.ToArray();
        WebSocketFrameReader.Unmask(pieces.AsSpan(0, split), Mask, 0);
        WebSocketFrameReader.Unmask(pieces.AsSpan(split), Mask, split);
        Assert.Equal(whole, pieces);

        // Byte-by-byte reference.
        byte[] key = [0x12, 0x34, 0x56, 0x78];
        for (int i = 0; i < original.Length; i++) Assert.Equal((byte)(original[i] ^ key[i % 4]), whole[i]);
    }

    [Fact]
    public void Accept_key_matches_rfc_6455_example()
    {
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.ComputeAccept("dGhlIHNhbXBsZSBub25jZQ=="));
    }
}
