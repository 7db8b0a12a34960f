// BenchHost: Tether serving the bench contract (bench/README.md). Everything not part of the contract is left at
// its default: ping interval/timeout, max buffer size, no connection state recovery — like the Node reference.
// One exception: Tether's per-socket event rate limit (MaxEventsPerSecond, default 100/s, a protection Node's
// socket.io does not have) is off, so both servers do the same work: the echo cases send up to a few hundred
// events per second per client, and with the limit on Tether would drop them instead of answering.
// Second exception, Kestrel's transport runs inline (production-usable settings, no library change): socket
// completions run on the epoll thread (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS, set here before any socket
// exists, because the runner removes it from the servers' environment) and Kestrel's transport/application
// continuations run inline instead of hopping to the thread pool (UnsafePreferInlineScheduling). Tether handles each
// inbound message synchronously on the connection's read loop and writes replies inline, so this removes the thread
// hand-offs per message that dominated the echo CPU. Node's single event loop already works this way.
// Measured (bench/results/20261124-113612.json before, 20261124-114603.json after): echo µs/ack 30.4 -> 10.8 at
// 10k/s and 18.4 -> 10.0 at 20k/s; the cost: at saturation a connection with data keeps the epoll thread, so p99 rises
// (19 -> 154 ms, p50 4.2 -> 0.04 ms). The option alone, without the runtime setting, gave no CPU gain.
using BenchHost;
using Tether.SocketIO;

Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
// WebSocket handshakes are taken at accept, before a Kestrel connection exists (WebHost.UseSocketIOTransport(), the
// documented production setting; Node's socket.io likewise takes them from the HTTP server's 'upgrade' event): an idle
// WebSocket then is a bare socket plus its session. BENCHHOST_HANDSHAKES picks another path, to compare them:
// "connection" (ListenOptions.UseSocketIO(): Kestrel connection middleware) or "http" (Kestrel's HTTP upgrade).
switch (Environment.GetEnvironmentVariable("BENCHHOST_HANDSHAKES"))
{
    case "http":
        break;
    case "connection":
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseSocketIO()));
        break;
    default:
        builder.WebHost.UseSocketIOTransport();
        break;
}
builder.Services.AddSocketIO(options => options.MaxEventsPerSecond = 0).AddNamespace<VideoNamespace>("/video");

var app = builder.Build();
app.MapSocketIO();
app.MapBenchEndpoints();

// Into the server log the runner keeps: which GC the defaults gave us on the pinned core (it matters for RSS).
Console.WriteLine($"BenchHost pid {Environment.ProcessId}: {Environment.ProcessorCount} CPU(s) visible, " +
                  $"server GC {System.Runtime.GCSettings.IsServerGC}, GC latency mode {System.Runtime.GCSettings.LatencyMode}, " +
                  $"inline socket completions {Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS")}");
app.Run();
