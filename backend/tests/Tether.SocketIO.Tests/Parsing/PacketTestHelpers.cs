using System.Text;
using System.Text.Json;
using Tether.EngineIO;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Tests.Parsing;

/// <summary>Shortcuts shared by the parser tests: encode to strings, decode from strings.</summary>
internal static class PacketTestHelpers
{
    public static readonly JsonSerializerOptions Options = SocketIOJson.CreateDefaultOptions();

    public static EngineMessage[] Encode(OutgoingPacket packet) => PacketEncoder.Encode(packet, Options);

    /// <summary>The text message of an encoded packet, as a string.</summary>
    public static string EncodeText(OutgoingPacket packet)
    {
        var messages = Encode(packet);
        Assert.False(messages[0].IsBinary);
        return Encoding.UTF8.GetString(messages[0].Data.Span);
    }

    public static PacketDecoder NewDecoder(PacketDecoderLimits? limits = null) => new(limits ?? new PacketDecoderLimits(), Options);

    /// <summary>Decodes one complete non-binary (or zero-attachment) packet.</summary>
    public static IncomingPacket Decode(string text)
    {
        var packet = NewDecoder().DecodeText(Encoding.UTF8.GetBytes(text));
        Assert.NotNull(packet);
        return packet;
    }

    /// <summary>Feeds encoded messages to a fresh decoder, as a transport would, and returns the packet.</summary>
    public static IncomingPacket Feed(EngineMessage[] messages, PacketDecoder? decoder = null)
    {
        decoder ??= NewDecoder();
        IncomingPacket? result = null;
        for (var i = 0; i < messages.Length; i++)
        {
            var message = messages[i];
            result = message.IsBinary ? decoder.DecodeBinary(message.Data.Span) : decoder.DecodeText(message.Data.Span);
            if (i < messages.Length - 1) Assert.Null(result);
        }
        Assert.NotNull(result);
        return result;
    }

    /// <summary>Decode that must fail with a protocol error; returns the error for message checks.</summary>
    public static SocketIOProtocolException DecodeFails(string text, PacketDecoderLimits? limits = null) =>
        Assert.Throws<SocketIOProtocolException>(() => NewDecoder(limits).DecodeText(Encoding.UTF8.GetBytes(text)));

    public static string Raw(JsonElement? element) => element?.GetRawText() ?? "<none>";
}
