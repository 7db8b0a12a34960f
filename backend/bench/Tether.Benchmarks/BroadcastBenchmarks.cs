using BenchmarkDotNet.Attributes;

namespace Tether.Benchmarks;

/// <summary>
/// A server-side emit into a room of N members through the real namespace, adapter and encoder. The allocated
/// bytes per operation must not grow with N: the packet is encoded once and every member gets the same frames.
/// </summary>
[MemoryDiagnoser]
public class BroadcastBenchmarks
{
    private InProcessServer _server = null!;
    private readonly Payloads.ResourceUploaded _payload = Payloads.Uploaded();

    [Params(1, 100, 1000)]
    public int Recipients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = new InProcessServer();
        for (var i = 0; i < Recipients; i++) _server.Connect("c" + i, "b");
        if (_server.Video.Sockets.Count != Recipients) throw new InvalidOperationException("not every client connected");
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _server.DisposeAsync();

    [Benchmark]
    public Task EmitToRoom() => _server.Video.To("session:b").EmitAsync("resource-uploaded", _payload);
}
