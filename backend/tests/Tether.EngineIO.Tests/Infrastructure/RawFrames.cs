using System.Buffers.Binary;
using Tether.EngineIO.WebSockets;

namespace Tether.EngineIO.Tests.Infrastructure;

/// <summary>WebSocket frames by hand, for tests that speak the protocol over a bare TCP stream.</summary>
internal static class RawFrames
{
    private const uint Mask = 0xA1B2C3D4;

    /// <summary>A masked client frame.</summary>
    public static byte[] Masked(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool fin = true)
    {
        var frame = new byte[payload.Length + 14];
        int length = WebSocketFrameWriter.WriteMaskedFrame(frame, opcode, payload, Mask, fin);
        return frame[..length];
    }

    /// <summary>Reads one server frame, which must be final and unmasked.</summary>
    public static async Task<(WebSocketOpcode Opcode, byte[] Payload)> ReadAsync(Stream stream, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var header = new byte[2];
        await stream.ReadExactlyAsync(header, cts.Token);
        Assert.Equal(0x80, header[0] & 0x80); // server frames are not fragmented here
        Assert.Equal(0, header[1] & 0x80);    // nor masked
        long length = header[1] & 0x7F;
        if (length is 126 or 127)
        {
            var ext = new byte[length == 126 ? 2 : 8];
            await stream.ReadExactlyAsync(ext, cts.Token);
            length = length == 126 ? BinaryPrimitives.ReadUInt16BigEndian(ext) : (long)BinaryPrimitives.ReadUInt64BigEndian(ext);
        }
        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, cts.Token);
        return ((WebSocketOpcode)(header[0] & 0x0F), payload);
    }
}
