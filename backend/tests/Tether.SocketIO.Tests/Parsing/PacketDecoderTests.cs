using System.Text;
using System.Text.Json;
using Tether.SocketIO.Parsing;
using static Tether.SocketIO.Tests.Parsing.PacketTestHelpers;

namespace Tether.SocketIO.Tests.Parsing;

public class PacketDecoderTests
{
    [Fact]
    public void Connect_without_data()
    {
        var packet = Decode("0");
        Assert.Equal(SocketIOPacketType.Connect, packet.Type);
        Assert.Equal("/", packet.Namespace);
        Assert.Null(packet.Id);
        Assert.Null(packet.Data);
        Assert.Empty(packet.Attachments);
        Assert.Null(packet.EventName);
        Assert.Equal(0, packet.Args.Count);
    }

    [Fact]
    public void Connect_with_namespace_and_auth()
    {
        var packet = Decode("0/admin,{\"token\":\"x\"}");
        Assert.Equal(SocketIOPacketType.Connect, packet.Type);
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal("x", packet.Data!.Value.GetProperty("token").GetString());
    }

    [Fact]
    public void Disconnect_from_namespace()
    {
        var packet = Decode("1/admin,");
        Assert.Equal(SocketIOPacketType.Disconnect, packet.Type);
        Assert.Equal("/admin", packet.Namespace);
        Assert.Null(packet.Data);
    }

    [Fact]
    public void Namespace_without_comma_runs_to_the_end()
        => Assert.Equal("/admin", Decode("1/admin").Namespace);

    [Fact]
    public void Slash_comma_is_the_main_namespace()
        => Assert.Equal("/", Decode("2/,[\"a\"]").Namespace);

    [Fact]
    public void Event_in_main_namespace()
    {
        var packet = Decode("2[\"hello\",1]");
        Assert.Equal(SocketIOPacketType.Event, packet.Type);
        Assert.Equal("hello", packet.EventName);
        Assert.Null(packet.Id);
        Assert.Equal(1, packet.Args.Count);
        Assert.Equal(1, packet.Args.Get<int>(0));
    }

    [Fact]
    public void Event_with_namespace_and_id()
    {
        var packet = Decode("2/admin,12[\"ev\"]");
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal(12, packet.Id);
        Assert.Equal("ev", packet.EventName);
        Assert.Equal(0, packet.Args.Count);
    }

    [Fact]
    public void Event_with_id_and_no_namespace()
    {
        var packet = Decode("27[\"ev\",\"a\"]");
        Assert.Equal(7, packet.Id);
        Assert.Equal("a", packet.Args.Get<string>(0));
    }

    [Fact]
    public void Ack_arguments_start_at_index_zero()
    {
        var packet = Decode("3/admin,12[\"ok\",2]");
        Assert.Equal(SocketIOPacketType.Ack, packet.Type);
        Assert.Equal(12, packet.Id);
        Assert.Null(packet.EventName);
        Assert.Equal(2, packet.Args.Count);
        Assert.Equal("ok", packet.Args.Get<string>(0));
    }

    [Fact]
    public void Empty_ack()
    {
        var packet = Decode("30[]");
        Assert.Equal(0, packet.Id);
        Assert.Equal(0, packet.Args.Count);
    }

    [Fact]
    public void Max_js_safe_integer_id_is_accepted()
        => Assert.Equal(9007199254740991, Decode("39007199254740991[]").Id);

    [Fact]
    public void Leading_zeros_in_the_id_are_accepted_like_Number()
        => Assert.Equal(7, Decode("3007[]").Id);

    [Fact]
    public void Connect_error_object_and_string()
    {
        Assert.Equal("Invalid namespace", Decode("4{\"message\":\"Invalid namespace\"}").Data!.Value.GetProperty("message").GetString());
        Assert.Equal("nope", Decode("4/x,\"nope\"").Data!.Value.GetString());
    }

    [Fact]
    public void Whitespace_around_json_is_allowed()
        => Assert.Equal("ev", Decode("2 [\"ev\"] \n").EventName);

    [Fact]
    public void Binary_event_waits_for_its_attachment()
    {
        var decoder = NewDecoder();
        Assert.Null(decoder.DecodeText("51-[\"img\",{\"_placeholder\":true,\"num\":0}]"u8));
        Assert.True(decoder.IsAwaitingAttachments);
        var packet = decoder.DecodeBinary([1, 2, 3]);
        Assert.NotNull(packet);
        Assert.False(decoder.IsAwaitingAttachments);
        Assert.Equal(SocketIOPacketType.BinaryEvent, packet.Type);
        Assert.Equal("img", packet.EventName);
        Assert.Equal(new byte[] { 1, 2, 3 }, packet.Args.Get<byte[]>(0));
        Assert.Equal(new byte[] { 1, 2, 3 }, Assert.Single(packet.Attachments));
    }

    [Fact]
    public void Binary_ack_with_namespace_and_id()
    {
        var decoder = NewDecoder();
        Assert.Null(decoder.DecodeText("61-/nsp,3[{\"_placeholder\":true,\"num\":0}]"u8));
        var packet = decoder.DecodeBinary([7]);
        Assert.NotNull(packet);
        Assert.Equal(SocketIOPacketType.BinaryAck, packet.Type);
        Assert.Equal("/nsp", packet.Namespace);
        Assert.Equal(3, packet.Id);
        Assert.Equal(new byte[] { 7 }, packet.Args.Get<ReadOnlyMemory<byte>>(0).ToArray());
    }

    [Fact]
    public void Binary_event_with_zero_attachments_is_complete_at_once()
    {
        var packet = NewDecoder().DecodeText("50-[\"ev\",1]"u8);
        Assert.NotNull(packet);
        Assert.Equal(SocketIOPacketType.BinaryEvent, packet.Type);
        Assert.Equal(1, packet.Args.Get<int>(0));
    }

    [Fact]
    public void Attachments_are_copied_out_of_the_receive_buffer()
    {
        var decoder = NewDecoder();
        decoder.DecodeText("51-[\"ev\",{\"_placeholder\":true,\"num\":0}]"u8);
        var buffer = new byte[] { 1, 2 };
        var packet = decoder.DecodeBinary(buffer)!;
        buffer[0] = 99;
        Assert.Equal(new byte[] { 1, 2 }, packet.Args.Get<byte[]>(0));
    }

    [Fact]
    public void Data_is_detached_from_the_input_buffer()
    {
        var bytes = Encoding.UTF8.GetBytes("2[\"ev\",{\"a\":\"b\"}]");
        var packet = NewDecoder().DecodeText(bytes)!;
        Array.Fill(bytes, (byte)'x');
        Assert.Equal("{\"a\":\"b\"}", packet.Args.GetJson(0).GetRawText());
    }

    [Fact]
    public void Decoder_continues_after_a_complete_binary_packet()
    {
        var decoder = NewDecoder();
        decoder.DecodeText("52-[\"ev\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]"u8);
        Assert.Null(decoder.DecodeBinary([0]));
        var packet = decoder.DecodeBinary([1])!;
        Assert.Equal(new byte[] { 1 }, packet.Args.Get<byte[]>(0));
        Assert.Equal(new byte[] { 0 }, packet.Args.Get<byte[]>(1));
        Assert.Equal("next", decoder.DecodeText("2[\"next\"]"u8)!.EventName);
    }

    [Fact]
    public void Repeated_namespace_reuses_the_string()
    {
        var decoder = NewDecoder();
        var a = decoder.DecodeText("2/chat,[\"a\"]"u8)!;
        var b = decoder.DecodeText("2/chat,[\"b\"]"u8)!;
        var c = decoder.DecodeText("2/other,[\"c\"]"u8)!;
        Assert.Same(a.Namespace, b.Namespace);
        Assert.Equal("/other", c.Namespace);
    }

    [Fact]
    public void Unicode_namespace_and_event_name()
    {
        var packet = Decode("2/ünï😀,[\"évènt 😀\",\"\\u00e9\\ud83d\\ude00\"]");
        Assert.Equal("/ünï😀", packet.Namespace);
        Assert.Equal("évènt 😀", packet.EventName);
        Assert.Equal("é😀", packet.Args.Get<string>(0));
    }

    [Fact]
    public void Numeric_looking_reserved_prefix_is_not_reserved()
        => Assert.Equal("connected", Decode("2[\"connected\"]").EventName);

    [Fact]
    public void Placeholders_in_a_plain_event_are_left_as_json()
    {
        // As socket.io-parser: only binary packets are reconstructed.
        var packet = Decode("2[\"ev\",{\"_placeholder\":true,\"num\":0}]");
        Assert.Equal(JsonValueKind.Object, packet.Args.GetJson(0).ValueKind);
        Assert.IsType<JsonElement>(packet.Args.ToArray()[0]);
    }

    [Fact]
    public void Args_bind_with_the_decoder_options()
    {
        var packet = Decode("2[\"ev\",{\"userName\":\"x\"}]");
        Assert.Equal("x", packet.Args.Get<Poco>(0)!.UserName);
        Assert.Same(packet.Args, packet.Args);
        Assert.Null(packet.GetArgs(new JsonSerializerOptions()).Get<Poco>(0)!.UserName); // case-sensitive options
    }

    private sealed record Poco(string? UserName);
}
