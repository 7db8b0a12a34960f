using System.Text.Json;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis.Tests.WireFormat;

public sealed class MsgPackTranscodingTests
{
    // notepack.io 3.0.1 (what @socket.io/redis-adapter 8.3 uses) encoding of
    // ["uid1", {type: 2, data: ["ev", 1, 1.5, "s", true, null, {k: "v"}, Buffer<01 02>, -5, 300, 70000], nsp: "/"},
    //  {rooms: ["r"], except: [], flags: {}}]
    private const string NodeBroadcastHex =
        "93a47569643183a47479706502a4646174619ba2657601cb3ff8000000000000a173c3c081a16ba176c4020102fbcd012cce00011170" +
        "a36e7370a12f83a5726f6f6d7391a172a665786365707490a5666c61677380";

    [Fact]
    public void A_node_broadcast_decodes_to_json_with_the_bytes_as_an_attachment()
    {
        var message = MsgPackToJson.Decode(Convert.FromHexString(NodeBroadcastHex));

        Assert.Equal(
            """["uid1",{"type":2,"data":["ev",1,1.5,"s",true,null,{"k":"v"},{"_placeholder":true,"num":0},-5,300,70000],"nsp":"/"},{"rooms":["r"],"except":[],"flags":{}}]""",
            message.Root.GetRawText());
        Assert.Equal(new byte[] { 1, 2 }, Assert.Single(message.Attachments));
    }

    [Fact]
    public void Our_broadcast_encodes_byte_for_byte_as_notepack_does()
    {
        var data = new object?[] { "ev", 1, 1.5, "s", true, null, new Dictionary<string, string> { ["k"] = "v" }, new byte[] { 1, 2 }, -5, 300, 70000 };
        var (json, attachments) = PacketData.Serialize(data, Tether.SocketIO.Parsing.SocketIOJson.DefaultOptions);
        var opts = new BroadcastOptions(new HashSet<string> { "r" }, new HashSet<string>(), BroadcastFlags.None);

        var bytes = BroadcastMessages.Broadcast("uid1", "/", new BroadcastMessages.EncodedData(json, attachments), opts);

        Assert.Equal(NodeBroadcastHex, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Msgpack_types_json_lacks_map_as_javascript_would_see_them()
    {
        // [timestamp32(1 s), fixext1 type 0 (legacy undefined), float64 NaN, {1: "numeric key"}]
        var bytes = Convert.FromHexString("94" + "d6ff00000001" + "d40000" + "cb7ff8000000000000" + "8101ab6e756d65726963206b6579");

        var message = MsgPackToJson.Decode(bytes);

        Assert.Equal("""["1970-01-01T00:00:01.000Z",null,null,{"1":"numeric key"}]""", message.Root.GetRawText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("93a475")] // truncated string
    [InlineData("c1")] // never-used code
    [InlineData("9100ff")] // trailing bytes
    public void Malformed_msgpack_is_a_format_error(string hex)
        => Assert.Throws<FormatException>(() => MsgPackToJson.Decode(Convert.FromHexString(hex)));

    [Fact]
    public void Hostile_nesting_is_refused()
    {
        var bytes = Enumerable.Repeat((byte)0x91, 1000).Append((byte)0xc0).ToArray();
        Assert.Throws<FormatException>(() => MsgPackToJson.Decode(bytes));
    }

    [Fact]
    public void Requests_are_read_as_json_or_msgpack_by_their_first_byte()
    {
        var json = WireMessage.Decode("""{"uid":"a","type":6,"data":["x"]}"""u8.ToArray());
        var msgpack = WireMessage.Decode(Convert.FromHexString("82a3756964a161a474797065" + "06"));

        Assert.Equal(6, json.GetInt32("type"));
        Assert.Equal("a", msgpack.GetString("uid"));
        Assert.Equal(6, msgpack.GetInt32("type"));
    }

    [Fact]
    public void Large_integers_and_strings_survive_a_round_trip()
    {
        var original = JsonDocument.Parse("""[9007199254740993, 18446744073709551615, -9223372036854775808, "héllo ✓", 1e300]""").RootElement;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        JsonToMsgPack.Write(ref writer, original, []);
        writer.Flush();

        var back = MsgPackToJson.Decode(buffer.WrittenMemory).Root;

        Assert.Equal(9007199254740993L, back[0].GetInt64());
        Assert.Equal(ulong.MaxValue, back[1].GetUInt64());
        Assert.Equal(long.MinValue, back[2].GetInt64());
        Assert.Equal("héllo ✓", back[3].GetString());
        Assert.Equal(1e300, back[4].GetDouble());
    }
}
