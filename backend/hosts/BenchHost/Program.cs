// BenchHost: Tether serving the bench contract (bench/README.md). Everything not part of the contract is left at
// its default: ping interval/timeout, max buffer size, no connection state recovery — like the Node reference.
// One exception: Tether's per-socket event rate limit (MaxEventsPerSecond, default 100/s, a protection Node's
// socket.io does not have) is off, so both servers do the same work: the echo cases send up to a few hundred
// events per second per client, and with the limit on Tether would drop them instead of answering.
using BenchHost;
using Tether.SocketIO;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSocketIO(options => options.MaxEventsPerSecond = 0).AddNamespace<VideoNamespace>("/video");

var app = builder.Build();
app.MapSocketIO();
app.MapBenchEndpoints();

// Into the server log the runner keeps: which GC the defaults gave us on the pinned core (it matters for RSS).
Console.WriteLine($"BenchHost pid {Environment.ProcessId}: {Environment.ProcessorCount} CPU(s) visible, " +
                  $"server GC {System.Runtime.GCSettings.IsServerGC}, GC latency mode {System.Runtime.GCSettings.LatencyMode}");
app.Run();
