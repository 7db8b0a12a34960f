using Tether.SocketIO.Parsing;
using static Tether.SocketIO.Tests.Parsing.PacketTestHelpers;

namespace Tether.SocketIO.Tests.Parsing;

/// <summary>Every kind of broken input is a <see cref="SocketIOProtocolException"/>, never another exception.</summary>
public class MalformedPacketTests
{
    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("9[\"a\"]")]
    [InlineData("a")]
    [InlineData("-1")]
    [InlineData(" 2[\"a\"]")]
    [InlineData("[\"a\"]")]
    public void Unknown_or_missing_type(string text) => DecodeFails(text);

    [Theory]
    [InlineData("5")]
    [InlineData("51")]
    [InlineData("5-[\"a\"]")]
    [InlineData("5[\"a\"]")]
    [InlineData("51[\"a\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("5x-[\"a\"]")]
    [InlineData("5 1-[\"a\"]")]
    [InlineData("6-1[]")]
    public void Bad_attachment_count(string text) => DecodeFails(text);

    [Theory]
    [InlineData("511-[\"a\"]")]
    [InlineData("599999999999999999999-[\"a\"]")]
    public void More_attachments_than_the_limit(string text)
        => Assert.Contains("Too many", DecodeFails(text).Message);

    [Fact]
    public void Attachment_limit_is_configurable()
        => DecodeFails("62-1[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", new PacketDecoderLimits(MaxAttachments: 1));

    [Theory]
    [InlineData("2/admin,x[\"ev\"]")]
    [InlineData("2/admin,1x[\"ev\"]")]
    [InlineData("3a[]")]
    public void Non_digit_id(string text) => DecodeFails(text);

    [Theory]
    [InlineData("39007199254740992[]")]
    [InlineData("3999999999999999999999999999[]")]
    public void Ack_id_out_of_range(string text)
        => Assert.Contains("out of range", DecodeFails(text).Message);

    [Theory]
    [InlineData("2[\"a\"]x")]
    [InlineData("2[\"a\"][]")]
    [InlineData("2[\"a\"],")]
    [InlineData("0{}{}")]
    public void Trailing_garbage(string text) => DecodeFails(text);

    [Theory]
    [InlineData("2[\"a\"")]
    [InlineData("2{")]
    [InlineData("2[\"a\",]")]
    [InlineData("2['a']")]
    [InlineData("2[\"a\",NaN]")]
    [InlineData("2[\"a\"/*c*/]")]
    [InlineData("2[\"a\",01]")]
    [InlineData("2[\"a\",\"\\x\"]")]
    [InlineData("2[\"a\",\"tab\there\"]")]
    [InlineData("2 ")]
    public void Invalid_json(string text) => DecodeFails(text);

    [Theory]
    [InlineData(new byte[] { (byte)'2', (byte)'[', (byte)'"', 0xFF, (byte)'"', (byte)']' })]
    [InlineData(new byte[] { (byte)'2', (byte)'/', 0xC3, (byte)',', (byte)'[', (byte)'"', (byte)'a', (byte)'"', (byte)']' })]
    [InlineData(new byte[] { (byte)'2', (byte)'[', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"', (byte)']' })] // UTF-8 encoded surrogate
    [InlineData(new byte[] { (byte)'2', (byte)'[', (byte)'"', 0xC0, 0xAF, (byte)'"', (byte)']' })] // overlong '/'
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'0' })] // BOM
    public void Invalid_utf8(byte[] bytes)
        => Assert.Throws<SocketIOProtocolException>(() => NewDecoder().DecodeText(bytes));

    [Fact]
    public void Binary_message_without_a_pending_packet()
        => Assert.Throws<SocketIOProtocolException>(() => NewDecoder().DecodeBinary([1, 2]));

    [Fact]
    public void Binary_message_after_the_last_attachment()
    {
        var decoder = NewDecoder();
        decoder.DecodeText("51-[\"ev\",{\"_placeholder\":true,\"num\":0}]"u8);
        Assert.NotNull(decoder.DecodeBinary([1]));
        Assert.Throws<SocketIOProtocolException>(() => decoder.DecodeBinary([2]));
    }

    [Fact]
    public void Text_packet_while_attachments_are_pending()
    {
        var decoder = NewDecoder();
        decoder.DecodeText("52-[\"ev\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"u8);
        decoder.DecodeBinary([1]);
        var error = Assert.Throws<SocketIOProtocolException>(() => decoder.DecodeText("2[\"ev\"]"u8));
        Assert.Contains("1 binary attachment", error.Message);
    }

    [Fact]
    public void Json_deeper_than_the_limit()
    {
        var limits = new PacketDecoderLimits(MaxJsonDepth: 4);
        Assert.NotNull(NewDecoder(limits).DecodeText("2[\"a\",[[[1]]]]"u8));
        DecodeFails("2[\"a\",[[[[1]]]]]", limits);
        DecodeFails("2[\"a\"," + new string('[', 1000) + new string(']', 1000) + "]");
    }

    [Theory]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":1}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":-1}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":0.5}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":1e400}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":false,\"num\":0}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":\"true\",\"num\":0}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":1,\"num\":0}]")]
    [InlineData("52-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("52-[\"a\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("51-[\"a\"]")]
    [InlineData("51-[\"a\",{\"num\":0}]")]
    [InlineData("50-[\"a\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("61-1[{\"x\":[{\"_placeholder\":true,\"num\":3}]}]")]
    public void Illegal_placeholders(string text) => DecodeFails(text);

    [Theory]
    [InlineData("0[]")]
    [InlineData("0\"x\"")]
    [InlineData("0 1")]
    [InlineData("0null")]
    [InlineData("1{}")]
    [InlineData("1/a,[]")]
    [InlineData("1/a,null")]
    [InlineData("4")]
    [InlineData("4[]")]
    [InlineData("4 1")]
    [InlineData("4null")]
    [InlineData("2")]
    [InlineData("2/a,1")]
    [InlineData("2{}")]
    [InlineData("2\"ev\"")]
    [InlineData("2[]")]
    [InlineData("2[1]")]
    [InlineData("2[null]")]
    [InlineData("2[[\"a\"]]")]
    [InlineData("2[{\"a\":1}]")]
    [InlineData("3[]")]
    [InlineData("31")]
    [InlineData("31{}")]
    [InlineData("31\"x\"")]
    [InlineData("31null")]
    [InlineData("50-{}")]
    [InlineData("50-[1]")]
    [InlineData("60-1{}")]
    [InlineData("60-[]")]
    public void Payload_that_does_not_fit_the_type(string text)
        => Assert.StartsWith("Invalid payload", DecodeFails(text).Message);

    [Theory]
    [InlineData("connect")]
    [InlineData("connect_error")]
    [InlineData("disconnect")]
    [InlineData("disconnecting")]
    [InlineData("newListener")]
    [InlineData("removeListener")]
    public void Reserved_event_names(string name)
    {
        DecodeFails($"2[\"{name}\"]");
        DecodeFails($"2/chat,5[\"{name}\",1]");
        DecodeFails($"51-[\"{name}\",{{\"_placeholder\":true,\"num\":0}}]");
    }

    [Fact]
    public void Escaped_reserved_name_is_still_reserved()
        => DecodeFails("2[\"\\u0063onnect\"]");

    [Fact]
    public void Event_name_with_a_lone_surrogate_escape()
        => DecodeFails("2[\"\\ud800\"]");
}
