using BenchmarkDotNet.Attributes;

namespace Tether.Benchmarks;

/// <summary>
/// One inbound <c>echo</c> event with an ack, handed to the server as the read loop does: decode, route to the
/// socket, bind, run the handler, encode and queue the ack. The allocation here is the whole per-message cost.
/// </summary>
[MemoryDiagnoser]
public class InboundBenchmarks
{
    private InProcessServer _server = null!;
    private CountingConnection _connection = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = new InProcessServer();
        _connection = _server.Connect("c0", sessionId: null);
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _server.DisposeAsync();

    [Benchmark]
    public long EchoWithAck()
    {
        _server.Deliver(_connection, Payloads.EchoPacket);
        return _connection.Messages;
    }
}
