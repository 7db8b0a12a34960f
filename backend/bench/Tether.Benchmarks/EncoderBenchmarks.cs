using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tether.SocketIO.Parsing;

namespace Tether.Benchmarks;

/// <summary>
/// Encoding one event packet. This is the whole serialisation cost of a broadcast (see
/// <see cref="BroadcastBenchmarks"/>: a broadcast encodes once, whatever the number of recipients).
/// </summary>
[MemoryDiagnoser]
public class EncoderBenchmarks
{
    private readonly JsonSerializerOptions _options = SocketIOJson.AddSocketIOConverters(SocketIOJson.CreateDefaultOptions());
    private OutgoingPacket _event = null!;
    private OutgoingPacket _ack = null!;

    [GlobalSetup]
    public void Setup()
    {
        _event = new OutgoingPacket(SocketIOPacketType.Event, "/video", new object?[] { "resource-uploaded", Payloads.Uploaded() });
        _ack = new OutgoingPacket(SocketIOPacketType.Ack, "/video", new object?[] { new { ok = true } }, id: 12);
    }

    [Benchmark(Baseline = true)]
    public int EncodeEvent() => PacketEncoder.Encode(_event, _options).Length;

    [Benchmark]
    public int EncodeAck() => PacketEncoder.Encode(_ack, _options).Length;
}
