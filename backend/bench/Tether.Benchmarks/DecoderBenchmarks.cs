using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tether.SocketIO.Parsing;

namespace Tether.Benchmarks;

/// <summary>
/// Decoding a typical inbound event (<c>echo</c> with an ack id and a ~100-byte object). The allocation of
/// <see cref="Decode"/> is the packet itself; <see cref="DecodeAndBind"/> adds what a typed handler's argument needs.
/// </summary>
[MemoryDiagnoser]
public class DecoderBenchmarks
{
    private readonly JsonSerializerOptions _options = SocketIOJson.AddSocketIOConverters(SocketIOJson.CreateDefaultOptions());
    private PacketDecoder _decoder = null!;

    [GlobalSetup]
    public void Setup() => _decoder = new PacketDecoder(new PacketDecoderLimits(), _options);

    [Benchmark(Baseline = true)]
    public string? Decode() => _decoder.DecodeText(Payloads.EchoPacket)!.EventName;

    [Benchmark]
    public long DecodeAndBind() => _decoder.DecodeText(Payloads.EchoPacket)!.Args.Get<Payloads.EchoArgument>(0)!.Seq;
}
