using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.SocketIO.Parsing;
using static Tether.SocketIO.Tests.Parsing.PacketTestHelpers;

namespace Tether.SocketIO.Tests.Parsing;

/// <summary>Encode → decode gives back what was sent, for every packet type and JSON value kind.</summary>
public class RoundTripTests
{
    public static TheoryData<string> JsonValues => new()
    {
        "null", "true", "false", "0", "-1", "3.14", "-0.5", "1e-7", "6.02e23",
        "9007199254740993", "123456789012345678901234567890", "79228162514264337593543950335.5",
        "\"\"", "\"plain\"", "\"é😀中文\"", "\"quote \\\" backslash \\\\ slash / nl \\n tab \\t\"",
        "\"\\u0000\\u001f\\u00e9\\ud83d\\ude00\"", "[]", "{}", "[1,[2,[3,[]]],{\"a\":{\"b\":[null]}}]",
        "{\"nested\":{\"deep\":{\"x\":[1,\"two\",3.0,false,null]}},\"emoji 😀\":\"ключ\"}",
    };

    [Theory]
    [MemberData(nameof(JsonValues))]
    public void Every_json_value_kind_survives_an_event(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var packet = Feed(Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev", doc.RootElement })));
        var arg = packet.Args.GetJson(0);
        Assert.True(JsonElement.DeepEquals(doc.RootElement, arg), $"{json} came back as {arg.GetRawText()}");
    }

    [Theory]
    [MemberData(nameof(JsonValues))]
    public void Every_json_value_kind_survives_an_ack(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var packet = Feed(Encode(new OutgoingPacket(SocketIOPacketType.Ack, "/x", new object?[] { doc.RootElement, doc.RootElement }, 5)));
        Assert.Equal(5, packet.Id);
        Assert.True(JsonElement.DeepEquals(doc.RootElement, packet.Args.GetJson(1)));
    }

    [Fact]
    public void Dotnet_values_round_trip_with_their_types()
    {
        var sent = new object?[] { "ev", long.MaxValue, decimal.MaxValue, 0.1, -0.0f, "é😀\u0001", null, true, DateTimeOffset.UnixEpoch, new[] { 1, 2 } };
        var args = Feed(Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", sent))).Args;
        Assert.Equal(long.MaxValue, args.Get<long>(0));
        Assert.Equal(decimal.MaxValue, args.Get<decimal>(1));
        Assert.Equal(0.1, args.Get<double>(2));
        Assert.Equal(-0.0f, args.Get<float>(3));
        Assert.Equal("é😀\u0001", args.Get<string>(4));
        Assert.Null(args.Get<string>(5));
        Assert.True(args.Get<bool>(6));
        Assert.Equal(DateTimeOffset.UnixEpoch, args.Get<DateTimeOffset>(7));
        Assert.Equal(new[] { 1, 2 }, args.Get<int[]>(8));
    }

    [Theory]
    [InlineData(SocketIOPacketType.Connect, "/", null)]
    [InlineData(SocketIOPacketType.Connect, "/admin", "{\"sid\":\"a\"}")]
    [InlineData(SocketIOPacketType.Disconnect, "/admin", null)]
    [InlineData(SocketIOPacketType.ConnectError, "/", "{\"message\":\"no\",\"data\":{\"code\":1}}")]
    [InlineData(SocketIOPacketType.ConnectError, "/ü", "\"no\"")]
    public void Non_event_packets(SocketIOPacketType type, string nsp, string? json)
    {
        using var doc = json is null ? null : JsonDocument.Parse(json);
        var packet = Feed(Encode(new OutgoingPacket(type, nsp, doc?.RootElement)));
        Assert.Equal(type, packet.Type);
        Assert.Equal(nsp, packet.Namespace);
        Assert.Equal(json ?? "<none>", Raw(packet.Data));
    }

    [Theory]
    [InlineData("/", null)]
    [InlineData("/", 0L)]
    [InlineData("/chat", 42L)]
    [InlineData("/a/b/c", 9007199254740991L)]
    public void Events_keep_namespace_and_id(string nsp, long? id)
    {
        var packet = Feed(Encode(new OutgoingPacket(SocketIOPacketType.Event, nsp, new object?[] { "ev", 1 }, id)));
        Assert.Equal(nsp, packet.Namespace);
        Assert.Equal(id, packet.Id);
        Assert.Equal("ev", packet.EventName);
    }

    [Fact]
    public void Binary_round_trip_anywhere_in_the_arguments()
    {
        var payload = new Dictionary<string, object?>
        {
            ["top"] = new byte[] { 1 },
            ["list"] = new object?[] { 2, new byte[] { 2, 2 }, new { deeper = new ReadOnlyMemory<byte>([3]) } },
            ["empty"] = Array.Empty<byte>(),
        };
        var messages = Encode(new OutgoingPacket(SocketIOPacketType.Event, "/files", new object?[] { "upload", new byte[] { 0 }, payload }, 9));
        Assert.Equal(6, messages.Length);
        var packet = Feed(messages);
        Assert.Equal(SocketIOPacketType.BinaryEvent, packet.Type);
        Assert.Equal("/files", packet.Namespace);
        Assert.Equal(9, packet.Id);
        Assert.Equal(5, packet.Attachments.Count);
        Assert.Equal(new byte[] { 0 }, packet.Args.Get<byte[]>(0));
        var bound = packet.Args.Get<Upload>(1)!;
        Assert.Equal(new byte[] { 1 }, bound.Top);
        Assert.Empty(bound.Empty!);
        // A JsonElement-typed member sees the raw placeholder; typed members get the bytes.
        Assert.True(bound.List![1].GetProperty("_placeholder").GetBoolean());
        Assert.Equal(new byte[] { 3 }, packet.Args.Get<Typed>(1)!.List![2].Deeper);
    }

    [Fact]
    public void Binary_ack_round_trip()
    {
        var packet = Feed(Encode(new OutgoingPacket(SocketIOPacketType.Ack, "/", new object?[] { "ok", new Memory<byte>([5, 6]) }, 1)));
        Assert.Equal(SocketIOPacketType.BinaryAck, packet.Type);
        Assert.Equal(new byte[] { 5, 6 }, packet.Args.Get<Memory<byte>>(1).ToArray());
        Assert.Equal(new byte[] { 5, 6 }, packet.Args.Get<ArraySegment<byte>>(1).ToArray());
    }

    [Fact]
    public void Reemitting_ToArray_reproduces_the_same_packet()
    {
        var original = Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[]
        {
            "ev", new byte[] { 1 }, new { a = new byte[] { 2 }, b = new[] { "x" } }, "plain", new object?[] { new byte[] { 3 } }, null,
        }));
        var received = Feed(original);
        var forwarded = Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev" }.Concat(received.Args.ToArray()).ToArray()));
        Assert.Equal(original.Length, forwarded.Length);
        for (var i = 0; i < original.Length; i++)
        {
            Assert.Equal(original[i].IsBinary, forwarded[i].IsBinary);
            Assert.Equal(original[i].Data.ToArray(), forwarded[i].Data.ToArray());
        }
    }

    [Fact]
    public void JsonNode_payloads_round_trip()
    {
        var node = new JsonObject { ["bin"] = JsonValue.Create(new byte[] { 4 }), ["arr"] = new JsonArray(1, "two", null) };
        var packet = Feed(Encode(new OutgoingPacket(SocketIOPacketType.Event, "/", new object?[] { "ev", node })));
        var back = packet.Args.Get<JsonObject>(0)!;
        Assert.Equal(new byte[] { 4 }, back["bin"]!.GetValue<byte[]>());
        Assert.Equal("[1,\"two\",null]", back["arr"]!.ToJsonString());
    }

    private sealed record Typed(List<Deep>? List);

    [System.Text.Json.Serialization.JsonConverter(typeof(DeepConverter))]
    private sealed record Deep(byte[]? Deeper);

    /// <summary>Reads only objects with "deeper" (the list mixes kinds); other elements become an empty Deep.</summary>
    private sealed class DeepConverter : System.Text.Json.Serialization.JsonConverter<Deep>
    {
        public override Deep Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("deeper", out var d)
                ? new Deep(d.Deserialize<byte[]>(options))
                : new Deep(null);
        }

        public override void Write(Utf8JsonWriter writer, Deep value, JsonSerializerOptions options) => throw new NotSupportedException();
    }

    private sealed record Upload(byte[]? Top, JsonElement[]? List, byte[]? Empty);
}
