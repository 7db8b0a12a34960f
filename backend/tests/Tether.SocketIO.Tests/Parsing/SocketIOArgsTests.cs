using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.SocketIO.Parsing;
using static Tether.SocketIO.Tests.Parsing.PacketTestHelpers;

namespace Tether.SocketIO.Tests.Parsing;

public class SocketIOArgsTests
{
    private static SocketIOArgs Args(string json, params byte[][] attachments)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        return new SocketIOArgs(JsonElement.ParseValue(ref reader), 0, attachments, Options);
    }

    [Fact]
    public void Empty_has_no_arguments()
    {
        Assert.Equal(0, SocketIOArgs.Empty.Count);
        Assert.Empty(SocketIOArgs.Empty.ToArray());
        Assert.Null(SocketIOArgs.Empty.Get<string>(0));
        Assert.Equal(JsonValueKind.Undefined, SocketIOArgs.Empty.GetJson(0).ValueKind);
    }

    [Fact]
    public void Start_index_skips_the_event_name()
    {
        var reader = new Utf8JsonReader("[\"ev\",1,2]"u8);
        var args = new SocketIOArgs(JsonElement.ParseValue(ref reader), 1, [], Options);
        Assert.Equal(2, args.Count);
        Assert.Equal(1, args.Get<int>(0));
        Assert.Equal(2, args.Get(1, typeof(int)));
    }

    [Fact]
    public void Missing_arguments_are_default()
    {
        var args = Args("[1]");
        Assert.Equal(0, args.Get<int>(5));
        Assert.Null(args.Get<int?>(1));
        Assert.Equal(0, args.Get(1, typeof(int)));
        Assert.Null(args.Get(1, typeof(string)));
        Assert.Null(args.Get(1, typeof(int?)));
        Assert.Throws<ArgumentOutOfRangeException>(() => args.Get<int>(-1));
    }

    [Fact]
    public void Wrong_json_for_the_type_is_a_JsonException()
    {
        var args = Args("[\"text\",{\"_placeholder\":true,\"num\":0}]");
        Assert.Throws<JsonException>(() => args.Get<int>(0));
        Assert.Throws<JsonException>(() => args.Get<byte[]>(1)); // a placeholder without attachments
    }

    [Fact]
    public void Placeholders_bind_anywhere()
    {
        var args = Args("[{\"name\":\"a\",\"data\":{\"_placeholder\":true,\"num\":1},\"parts\":[{\"_placeholder\":true,\"num\":0}]}]", [1], [2]);
        var file = args.Get<FileArg>(0)!;
        Assert.Equal("a", file.Name);
        Assert.Equal(new byte[] { 2 }, file.Data.ToArray());
        Assert.Equal(new byte[] { 1 }, Assert.Single(file.Parts!));
    }

    [Fact]
    public void Base64_strings_still_bind_to_bytes()
        => Assert.Equal(new byte[] { 1, 2 }, Args("[\"AQI=\"]", [9]).Get<byte[]>(0));

    [Fact]
    public void GetJson_is_raw()
        => Assert.Equal("{\"_placeholder\":true,\"num\":0}", Args("[{\"_placeholder\":true,\"num\":0}]", [1]).GetJson(0).GetRawText());

    [Fact]
    public void ToArray_returns_elements_bytes_and_nodes()
    {
        var args = Args("[1,{\"_placeholder\":true,\"num\":0},{\"a\":[{\"_placeholder\":true,\"num\":1}],\"b\":\"x\",\"c\":null},\"s\"]", [7], [8]);
        var values = args.ToArray();
        Assert.Equal(4, values.Length);
        Assert.Equal(1, Assert.IsType<JsonElement>(values[0]).GetInt32());
        Assert.Equal(new byte[] { 7 }, Assert.IsType<byte[]>(values[1]));
        var node = Assert.IsType<JsonObject>(values[2]);
        Assert.Equal(new byte[] { 8 }, node["a"]![0]!.GetValue<byte[]>());
        Assert.Equal("x", node["b"]!.GetValue<string>());
        Assert.Null(node["c"]);
        Assert.Equal("s", Assert.IsType<JsonElement>(values[3]).GetString());
    }

    [Fact]
    public void Object_and_node_types_get_the_reemittable_value()
    {
        var args = Args("[{\"_placeholder\":true,\"num\":0},[{\"_placeholder\":true,\"num\":0}],{\"k\":2}]", [3]);
        Assert.Equal(new byte[] { 3 }, Assert.IsType<byte[]>(args.Get<object>(0)));
        Assert.Equal(new byte[] { 3 }, args.Get<JsonArray>(1)![0]!.GetValue<byte[]>());
        Assert.Equal(2, args.Get<JsonObject>(2)!["k"]!.GetValue<int>());
        Assert.IsType<JsonElement>(args.Get(2, typeof(object)));
        Assert.Throws<JsonException>(() => args.Get<JsonObject>(1));
    }

    [Fact]
    public void Enumerates_raw_arguments()
    {
        var kinds = new List<JsonValueKind>();
        foreach (var element in Args("[1,\"a\",null]")) kinds.Add(element.ValueKind);
        Assert.Equal([JsonValueKind.Number, JsonValueKind.String, JsonValueKind.Null], kinds);
    }

    [Fact]
    public void FromValues_turns_bytes_into_attachments()
    {
        var args = SocketIOArgs.FromValues(["a", new byte[] { 1 }, new { b = new byte[] { 2 } }], Options);
        Assert.Equal(3, args.Count);
        Assert.Equal(2, args.Attachments.Count);
        Assert.Equal(new byte[] { 1 }, args.Get<byte[]>(1));
        Assert.Equal("{\"b\":{\"_placeholder\":true,\"num\":1}}", args.GetJson(2).GetRawText());
    }

    [Fact]
    public void Binding_does_not_leak_the_attachment_context()
    {
        var args = Args("[{\"_placeholder\":true,\"num\":0}]", [1]);
        Assert.Equal(new byte[] { 1 }, args.Get<byte[]>(0));
        // Outside of binding, the converter is System.Text.Json's base64 again.
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<byte[]>("{\"_placeholder\":true,\"num\":0}", Options));
    }

    private sealed record FileArg(string Name, ReadOnlyMemory<byte> Data, List<byte[]>? Parts);
}
