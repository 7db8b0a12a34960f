using System.Text;
using Tether.EngineIO.Internal;
using Tether.EngineIO.Polling;

namespace Tether.EngineIO.Tests;

public sealed class PollingPayloadTests
{
    private static string Encode(params OutboundPacket[] packets)
    {
        var list = new List<OutboundPacket>(packets);
        var buffer = new byte[PollingPayload.GetEncodedLength(list)];
        Assert.Equal(buffer.Length, PollingPayload.Encode(list, buffer));
        return Encoding.UTF8.GetString(buffer);
    }

    private static List<string> Decode(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var reader = new PollingPayloadReader(bytes);
        var packets = new List<string>();
        while (reader.TryReadNext(out var packet)) packets.Add(Encoding.UTF8.GetString(packet));
        return packets;
    }

    [Fact]
    public void Encodes_text_binary_and_control_packets_joined_by_record_separator()
    {
        var text = Encode(
            new OutboundPacket(EngineMessage.Text("hello ✓")),
            new OutboundPacket(EngineMessage.Binary(new byte[] { 1, 2, 3 })),
            OutboundPacket.Ping,
            new OutboundPacket(EnginePacketType.Pong, "probe"u8.ToArray()));
        Assert.Equal("4hello ✓\u001ebAQID\u001e2\u001e3probe", text);
    }

    [Fact]
    public void Single_packet_has_no_separator()
    {
        Assert.Equal("4x", Encode(new OutboundPacket(EngineMessage.Text("x"))));
        Assert.Equal("1", Encode(OutboundPacket.ClosePacket));
    }

    [Fact]
    public void Empty_binary_and_empty_text_encode()
    {
        Assert.Equal("b\u001e4", Encode(new OutboundPacket(EngineMessage.Binary(Array.Empty<byte>())), new OutboundPacket(EngineMessage.Text(""))));
    }

    [Fact]
    public void Shared_message_encodes_identically_for_every_recipient()
    {
        var message = EngineMessage.Binary(new byte[] { 255, 254 });
        Assert.Equal(Encode(new OutboundPacket(message)), Encode(new OutboundPacket(message)));
        Assert.Equal("b//4=", Encode(new OutboundPacket(message)));
    }

    [Theory]
    [InlineData("4a", new[] { "4a" })]
    [InlineData("4a\u001e4b\u001ebAQID", new[] { "4a", "4b", "bAQID" })]
    [InlineData("", new[] { "" })]
    [InlineData("4a\u001e", new[] { "4a", "" })]
    [InlineData("\u001e", new[] { "", "" })]
    public void Decoder_splits_on_record_separator(string payload, string[] expected)
    {
        Assert.Equal(expected, Decode(payload));
    }

    [Fact]
    public void Decoder_round_trips_the_encoder()
    {
        var encoded = Encode(new OutboundPacket(EngineMessage.Text("a\u00e9")), new OutboundPacket(EngineMessage.Text("b")), OutboundPacket.Noop);
        Assert.Equal(new[] { "4a\u00e9", "4b", "6" }, Decode(encoded));
    }
}
