using System.Text.Json;
using System.Text.Json.Nodes;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Tests.Parsing;

public class SocketIOJsonTests
{
    [Fact]
    public void Default_options_are_web_with_converters()
    {
        var options = SocketIOJson.CreateDefaultOptions();
        Assert.Equal(JsonNamingPolicy.CamelCase, options.PropertyNamingPolicy);
        Assert.True(options.PropertyNameCaseInsensitive);
        Assert.True(SocketIOJson.HasSocketIOConverters(options));
    }

    [Fact]
    public void Adding_is_idempotent()
    {
        var options = new JsonSerializerOptions();
        SocketIOJson.AddSocketIOConverters(options);
        SocketIOJson.AddSocketIOConverters(options);
        Assert.Single(options.Converters);
    }

    [Fact]
    public void Read_only_options_without_converters_are_refused_clearly()
    {
        var options = new JsonSerializerOptions();
        options.MakeReadOnly(populateMissingResolver: true);
        Assert.Throws<InvalidOperationException>(() => SocketIOJson.AddSocketIOConverters(options));
        Assert.Same(SocketIOJson.DefaultOptions, SocketIOJson.AddSocketIOConverters(SocketIOJson.DefaultOptions));
    }

    [Fact]
    public void Outside_a_packet_bytes_are_base64_like_the_default()
    {
        var options = SocketIOJson.CreateDefaultOptions();
        var value = new
        {
            a = new byte[] { 1, 2 },
            b = new ReadOnlyMemory<byte>([3]),
            c = new Memory<byte>([4]),
            n = JsonValue.Create(new byte[] { 6 }),
            o = (object)new byte[] { 7 },
            z = (byte[]?)null,
        };
        Assert.Equal(JsonSerializer.Serialize(value, new JsonSerializerOptions(JsonSerializerDefaults.Web)), JsonSerializer.Serialize(value, options));
        // System.Text.Json writes ArraySegment<byte> as a number array; base64 keeps all byte containers alike.
        Assert.Equal("\"BQ==\"", JsonSerializer.Serialize(new ArraySegment<byte>([5]), options));
        Assert.Equal(new byte[] { 1, 2 }, JsonSerializer.Deserialize<byte[]>("\"AQI=\"", options));
        Assert.Equal(new byte[] { 3 }, JsonSerializer.Deserialize<ReadOnlyMemory<byte>>("\"Aw==\"", options).ToArray());
        Assert.True(JsonSerializer.Deserialize<ReadOnlyMemory<byte>>("null", options).IsEmpty);
        Assert.Null(JsonSerializer.Deserialize<byte[]>("null", options));
    }
}
