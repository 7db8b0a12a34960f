using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.SocketIO.Parsing;
using static Tether.SocketIO.Tests.Parsing.PacketTestHelpers;

namespace Tether.SocketIO.Tests.Parsing;

public class PacketEncoderTests
{
    [Fact]
    public void Connect_to_the_main_namespace_is_just_the_type()
        => Assert.Equal("0", EncodeText(new OutgoingPacket(SocketIOPacketType.Connect, "/")));

    [Fact]
    public void Connect_reply_carries_the_sid_object()
        => Assert.Equal("0/admin,{\"sid\":\"abc\"}", EncodeText(new OutgoingPacket(SocketIOPacketType.Connect, "/admin", new { sid = "abc" })));

    [Fact]
    public void Disconnect_from_a_namespace_keeps_the_trailing_comma()
        => Assert.Equal("1/admin,", EncodeText(new OutgoingPacket(SocketIOPacketType.Disconnect, "/admin")));

    [Fact]
    public void Event_in_the_main_namespace()
        => Assert.Equal("2[\"hello\",1]", EncodeText(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "hello", 1 })));

    [Fact]
    public void Event_with_namespace_and_id()
        => Assert.Equal("2/admin,12[\"ev\"]", EncodeText(new OutgoingPacket(SocketIOPacketType.Event, "/admin", new object?[] { "ev" }, 12)));

    [Fact]
    public void Ack_with_namespace_and_id()
        => Assert.Equal("3/admin,12[\"ok\"]", EncodeText(new OutgoingPacket(SocketIOPacketType.Ack, "/admin", new object?[] { "ok" }, 12)));

    [Fact]
    public void Ack_without_namespace()
        => Assert.Equal("37[]", EncodeText(new OutgoingPacket(SocketIOPacketType.Ack, "/", Array.Empty<object?>(), 7)));

    [Fact]
    public void Connect_error_object()
        => Assert.Equal("4{\"message\":\"Invalid namespace\"}",
            EncodeText(new OutgoingPacket(SocketIOPacketType.ConnectError, "/", new { message = "Invalid namespace" })));

    [Fact]
    public void Connect_error_string()
        => Assert.Equal("4/x,\"nope\"", EncodeText(new OutgoingPacket(SocketIOPacketType.ConnectError, "/x", "nope")));

    [Fact]
    public void Large_ids_are_written_in_full()
        => Assert.Equal("39007199254740991[]",
            EncodeText(new OutgoingPacket(SocketIOPacketType.Ack, "/", Array.Empty<object?>(), 9007199254740991)));

    [Fact]
    public void Non_ascii_namespace_is_written_as_utf8()
        => Assert.Equal("2/ünï😀,[\"a\"]", EncodeText(new OutgoingPacket(SocketIOPacketType.Event, "/ünï😀", new object?[] { "a" })));

    [Fact]
    public void Empty_namespace_is_treated_as_the_main_one()
        => Assert.Equal("2[\"a\"]", EncodeText(new OutgoingPacket(SocketIOPacketType.Event, "", new object?[] { "a" })));

    [Fact]
    public void Options_naming_policy_applies_to_objects()
        => Assert.Equal("2[\"ev\",{\"userName\":\"x\",\"count\":2}]",
            EncodeText(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev", new Poco("x", 2) })));

    [Fact]
    public void Output_is_never_indented()
    {
        var options = SocketIOJson.AddSocketIOConverters(new JsonSerializerOptions { WriteIndented = true });
        var text = System.Text.Encoding.UTF8.GetString(
            PacketEncoder.Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev", new { a = 1 } }), options)[0].Data.Span);
        Assert.Equal("2[\"ev\",{\"a\":1}]", text);
    }

    [Fact]
    public void No_binary_means_exactly_one_text_message()
    {
        var messages = Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev", new { a = "b" } }));
        Assert.Single(messages);
        Assert.False(messages[0].IsBinary);
    }

    [Fact]
    public void Binary_type_without_bytes_is_sent_as_the_plain_type()
        => Assert.Equal("2[\"a\"]", EncodeText(new OutgoingPacket(SocketIOPacketType.BinaryEvent, "/", new object?[] { "a" })));

    [Fact]
    public void Bytes_become_placeholders_and_attachments()
    {
        var messages = Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "img", new byte[] { 1, 2, 3 } }));
        Assert.Equal(2, messages.Length);
        Assert.Equal("51-[\"img\",{\"_placeholder\":true,\"num\":0}]", System.Text.Encoding.UTF8.GetString(messages[0].Data.Span));
        Assert.True(messages[1].IsBinary);
        Assert.Equal(new byte[] { 1, 2, 3 }, messages[1].Data.ToArray());
    }

    [Fact]
    public void Binary_ack_with_namespace_and_id()
    {
        var messages = Encode(new OutgoingPacket(SocketIOPacketType.Ack, "/nsp", new object?[] { new byte[] { 9 } }, 3));
        Assert.Equal("61-/nsp,3[{\"_placeholder\":true,\"num\":0}]", System.Text.Encoding.UTF8.GetString(messages[0].Data.Span));
        Assert.Equal(new byte[] { 9 }, messages[1].Data.ToArray());
    }

    [Fact]
    public void Every_byte_container_is_found_anywhere()
    {
        var payload = new
        {
            array = new byte[] { 0 },
            rom = new ReadOnlyMemory<byte>([1]),
            mem = new Memory<byte>([2]),
            seg = new ArraySegment<byte>([9, 3, 9], 1, 1),
            dict = new Dictionary<string, object?> { ["k"] = new byte[] { 4 } },
            list = new List<object?> { "s", new byte[] { 5 } },
            node = new JsonObject { ["n"] = JsonValue.Create(new byte[] { 6 }) },
            boxed = (object)new byte[] { 7 },
        };
        var messages = Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev", payload, new byte[] { 8 } }));
        Assert.Equal(10, messages.Length);
        Assert.StartsWith("59-[\"ev\",{", System.Text.Encoding.UTF8.GetString(messages[0].Data.Span));
        for (var i = 0; i < 9; i++)
            Assert.Equal(new[] { (byte)i }, messages[i + 1].Data.ToArray());
    }

    [Fact]
    public void Attachments_are_copies_so_the_caller_may_reuse_its_buffer()
    {
        var buffer = new byte[] { 1, 2 };
        var messages = Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev", buffer }));
        buffer[0] = 42;
        Assert.Equal(new byte[] { 1, 2 }, messages[1].Data.ToArray());
    }

    [Fact]
    public void Bytes_in_connect_data_stay_base64()
        => Assert.Equal("0{\"b\":\"AQI=\"}", EncodeText(new OutgoingPacket(SocketIOPacketType.Connect, "/", new { b = new byte[] { 1, 2 } })));

    [Fact]
    public void Nested_encode_on_the_same_thread_keeps_attachments_apart()
    {
        var inner = new NestedEncoding();
        var messages = Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev", inner, new byte[] { 5 } }));
        Assert.Equal(2, messages.Length);
        Assert.Equal("51-[\"ev\",\"62-[{\\u0022_placeholder\\u0022:true,\\u0022num\\u0022:0},{\\u0022_placeholder\\u0022:true,\\u0022num\\u0022:1}]\",{\"_placeholder\":true,\"num\":0}]",
            System.Text.Encoding.UTF8.GetString(messages[0].Data.Span));
        Assert.Equal(new byte[] { 5 }, messages[1].Data.ToArray());
    }

    [Fact]
    public void Negative_ids_are_rejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => Encode(new OutgoingPacket(SocketIOPacketType.Ack, "/", Array.Empty<object?>(), -1)));

    [Fact]
    public void A_failing_serialisation_leaves_the_encoder_usable()
    {
        Assert.ThrowsAny<Exception>(() => Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev", new byte[] { 1 }, new Throwing() })));
        Assert.Equal("2[\"a\"]", EncodeText(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "a" })));
        Assert.Equal("0{\"b\":\"AQ==\"}", EncodeText(new OutgoingPacket(SocketIOPacketType.Connect, "/", new { b = new byte[] { 1 } })));
    }

    [Fact]
    public void Large_payloads_grow_the_pooled_buffer()
    {
        var big = new string('x', 200_000);
        var text = EncodeText(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev", big }));
        Assert.Equal(200_000 + 10, text.Length);
        Assert.Equal("2[\"a\"]", EncodeText(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "a" })));
    }

    [Fact]
    public void Plain_event_allocates_little_more_than_its_output()
    {
        // Guards the fast path: pooled scratch buffer, cached writer, no attachment list. Output alone (text array,
        // EngineMessage, EngineMessage[]) is ~150 bytes here.
        var packet = new OutgoingPacket(SocketIOPacketType.Event, "/chat", new object?[] { "message", "hello world" }, 5);
        for (var i = 0; i < 100; i++) Encode(packet);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) Encode(packet);
        var perEncode = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        Assert.True(perEncode < 300, $"{perEncode} bytes per encode");
    }

    private sealed record Poco(string UserName, int Count);

    /// <summary>A value whose serialisation encodes another packet (a stand-in for a user converter doing so).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(NestedEncodingConverter))]
    private sealed class NestedEncoding;

    private sealed class NestedEncodingConverter : System.Text.Json.Serialization.JsonConverter<NestedEncoding>
    {
        public override NestedEncoding Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, NestedEncoding value, JsonSerializerOptions options)
        {
            var inner = PacketEncoder.Encode(new OutgoingPacket(SocketIOPacketType.Ack, "/", new object?[] { new byte[] { 1 }, new byte[] { 2 } }), options);
            writer.WriteStringValue(System.Text.Encoding.UTF8.GetString(inner[0].Data.Span));
        }
    }

    [System.Text.Json.Serialization.JsonConverter(typeof(ThrowingConverter))]
    private sealed class Throwing;

    private sealed class ThrowingConverter : System.Text.Json.Serialization.JsonConverter<Throwing>
    {
        public override Throwing Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();
        public override void Write(Utf8JsonWriter writer, Throwing value, JsonSerializerOptions options) => throw new InvalidOperationException("boom");
    }
}
