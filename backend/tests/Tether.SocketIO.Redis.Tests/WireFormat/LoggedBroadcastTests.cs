using Tether.SocketIO.Adapters;
using Tether.SocketIO.Redis.Internal.Recovery;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis.Tests.WireFormat;

/// <summary>The broadcast logged for connection state recovery, and its offsets.</summary>
public sealed class LoggedBroadcastTests
{
    [Fact]
    public void A_logged_broadcast_is_the_classic_message_with_the_offset_last_in_the_data_and_as_a_fourth_element()
    {
        var data = new object?[] { "ev", 1, new byte[] { 1, 2 } };
        var (json, attachments) = PacketData.Serialize(data, Tether.SocketIO.Parsing.SocketIOJson.DefaultOptions);
        var opts = new BroadcastOptions(new HashSet<string> { "r" }, new HashSet<string> { "x" }, BroadcastFlags.None);

        var (head, tail) = BroadcastMessages.LoggedBroadcast("uid1", "/chat", new BroadcastMessages.EncodedData(json, attachments), opts);
        var message = MsgPackToJson.Decode(BroadcastMessages.JoinLogged(head, tail, "1700000000000-0"));

        Assert.Equal(
            """["uid1",{"type":2,"data":["ev",1,{"_placeholder":true,"num":0},"1700000000000-0"],"nsp":"/chat"},{"rooms":["r"],"except":["x"],"flags":{}},"1700000000000-0"]""",
            message.Root.GetRawText());
        Assert.Equal(new byte[] { 1, 2 }, Assert.Single(message.Attachments));
    }

    [Theory]
    [InlineData("0-0", 0UL, 0UL)]
    [InlineData("1700000000000-12", 1700000000000UL, 12UL)]
    [InlineData("18446744073709551615-18446744073709551615", ulong.MaxValue, ulong.MaxValue)]
    public void Log_ids_parse(string text, ulong ms, ulong seq)
    {
        Assert.True(StreamOffset.TryParse(text, out var offset));
        Assert.Equal(new StreamOffset(ms, seq), offset);
        Assert.Equal(text, offset.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("-1")]
    [InlineData("1-")]
    [InlineData("01-1")]
    [InlineData("1-01")]
    [InlineData("+1-1")]
    [InlineData("1-1-1")]
    [InlineData("18446744073709551616-0")]
    [InlineData("AAAAAAAA-7")] // an offset of the in-memory log
    public void Other_offsets_are_not_log_ids(string? text) => Assert.False(StreamOffset.TryParse(text, out _));

    [Fact]
    public void The_next_id_starts_an_exclusive_range()
    {
        Assert.Equal(new StreamOffset(5, 8), new StreamOffset(5, 7).Next());
        Assert.Equal(new StreamOffset(6, 0), new StreamOffset(5, ulong.MaxValue).Next());
        Assert.True(new StreamOffset(5, 8) > new StreamOffset(5, 7));
        Assert.True(new StreamOffset(4, 9) < new StreamOffset(5, 0));
    }
}
