using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Tether.EngineIO.Tests.Infrastructure;
using Tether.EngineIO.WebSockets;

namespace Tether.EngineIO.Tests;

/// <summary>WebSocket tests over a raw TCP socket, to send what a well-behaved client library never would.</summary>
public sealed class RawWebSocketTests
{

    private sealed class RawClient(TcpClient tcp, NetworkStream stream) : IDisposable
    {
        public NetworkStream Stream => stream;

        public static async Task<RawClient> ConnectAsync(EngineTestHost host)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(host.BaseUri.Host, host.BaseUri.Port);
            var stream = tcp.GetStream();
            const string key = "dGhlIHNhbXBsZSBub25jZQ==";
            var request = "GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\n" +
                          $"Host: {host.BaseUri.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                          $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

            var head = new StringBuilder();
            while (!head.ToString().EndsWith("\r\n\r\n"))
            {
                var b = stream.ReadByte();
                Assert.NotEqual(-1, b);
                head.Append((char)b);
            }
            var text = head.ToString();
            Assert.StartsWith("HTTP/1.1 101", text);
            Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Sec-WebSocket-Extensions", text, StringComparison.OrdinalIgnoreCase);
            var client = new RawClient(tcp, stream);
            var (opcode, payload) = await client.ReadFrameAsync();
            Assert.Equal(WebSocketOpcode.Text, opcode);
            Assert.StartsWith("0{", Encoding.UTF8.GetString(payload));
            return client;
        }

        public Task<(WebSocketOpcode Opcode, byte[] Payload)> ReadFrameAsync() => RawFrames.ReadAsync(stream, TimeSpan.FromSeconds(10));

        public static byte[] Frame(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool fin = true)
            => RawFrames.Masked(opcode, payload, fin);

        public async Task<ushort> ExpectCloseAsync()
        {
            var (opcode, payload) = await ReadFrameAsync();
            Assert.Equal(WebSocketOpcode.Close, opcode);
            return BinaryPrimitives.ReadUInt16BigEndian(payload);
        }

        public void Dispose() => tcp.Dispose();
    }

    [Fact]
    public async Task Frame_split_into_single_bytes_is_reassembled()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var client = await RawClient.ConnectAsync(host);
        var frame = RawClient.Frame(WebSocketOpcode.Text, "4byte by byte"u8);
        foreach (var b in frame)
        {
            await client.Stream.WriteAsync(new[] { b });
            await client.Stream.FlushAsync();
        }
        var (opcode, payload) = await client.ReadFrameAsync();
        Assert.Equal(WebSocketOpcode.Text, opcode);
        Assert.Equal("4byte by byte", Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public async Task Several_frames_in_one_write_are_all_handled_in_order()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var client = await RawClient.ConnectAsync(host);
        var big = "4" + new string('q', 70_000);
        var batch = RawClient.Frame(WebSocketOpcode.Text, "4a"u8)
            .Concat(RawClient.Frame(WebSocketOpcode.Ping, "hb"u8))
            .Concat(RawClient.Frame(WebSocketOpcode.Text, "4b"u8, fin: false))
            .Concat(RawClient.Frame(WebSocketOpcode.Continuation, "c"u8))
            .Concat(RawClient.Frame(WebSocketOpcode.Text, Encoding.UTF8.GetBytes(big)))
            .ToArray();
        await client.Stream.WriteAsync(batch);

        var received = new List<string>();
        while (received.Count < 4)
        {
            var (opcode, payload) = await client.ReadFrameAsync();
            received.Add(opcode + ":" + Encoding.UTF8.GetString(payload));
        }
        Assert.Contains("Pong:hb", received);
        received.Remove("Pong:hb");
        Assert.Equal(["Text:4a", "Text:4bc", "Text:" + big], received);
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 0x02, (byte)'4', (byte)'x' })]          // unmasked client frame
    [InlineData(new byte[] { 0xC1, 0x80, 1, 2, 3, 4 })]                     // RSV1 without a negotiated extension
    [InlineData(new byte[] { 0x83, 0x80, 1, 2, 3, 4 })]                     // reserved opcode
    [InlineData(new byte[] { 0x80, 0x80, 1, 2, 3, 4 })]                     // continuation with nothing to continue
    [InlineData(new byte[] { 0x89, 0xFE, 0x00, 0x7E, 1, 2, 3, 4 })]         // ping longer than 125 bytes
    public async Task Protocol_violations_close_with_1002(byte[] frame)
    {
        await using var host = await EngineTestHost.StartAsync();
        using var client = await RawClient.ConnectAsync(host);
        var sid = Assert.Single(host.Handler.Connections.Keys);
        await client.Stream.WriteAsync(frame);
        Assert.Equal(WebSocketCloseCode.ProtocolError, await client.ExpectCloseAsync());
        Assert.Equal(EngineCloseReason.TransportError, await host.Handler.WaitClosedAsync(sid));
    }

    [Fact]
    public async Task Invalid_utf8_text_closes_with_1007()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var client = await RawClient.ConnectAsync(host);
        await client.Stream.WriteAsync(RawClient.Frame(WebSocketOpcode.Text, [(byte)'4', 0xC3, 0x28]));
        Assert.Equal(WebSocketCloseCode.InvalidPayloadData, await client.ExpectCloseAsync());
    }

    [Fact]
    public async Task Close_frame_is_echoed_and_the_connection_ends()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var client = await RawClient.ConnectAsync(host);
        var sid = Assert.Single(host.Handler.Connections.Keys);
        await client.Stream.WriteAsync(RawClient.Frame(WebSocketOpcode.Close, [0x0F, 0xA0])); // 4000
        Assert.Equal(4000, await client.ExpectCloseAsync());
        Assert.Equal(0, await client.Stream.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(EngineCloseReason.TransportClose, await host.Handler.WaitClosedAsync(sid));
    }

    [Fact]
    public async Task Dropped_tcp_connection_closes_the_session()
    {
        await using var host = await EngineTestHost.StartAsync();
        var client = await RawClient.ConnectAsync(host);
        var sid = Assert.Single(host.Handler.Connections.Keys);
        client.Dispose();
        Assert.Equal(EngineCloseReason.TransportClose, await host.Handler.WaitClosedAsync(sid));
        Assert.Equal(0, host.Server.ClientsCount);
    }
}
