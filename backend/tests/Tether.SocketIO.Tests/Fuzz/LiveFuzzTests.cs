using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Fuzz;

[CollectionDefinition(nameof(LiveFuzzCollection), DisableParallelization = true)]
public sealed class LiveFuzzCollection;

/// <summary>
/// Hostile traffic over live connections (real Kestrel, polling and WebSocket) for a few seconds, interleaved with
/// valid traffic: the server must log no error, keep its memory bounded and still serve a fresh client. Seeded: the
/// seed is in every failure message; set TETHER_FUZZ_SEED to replay one (and TETHER_FUZZ_SECONDS to run longer).
/// </summary>
[Collection(nameof(LiveFuzzCollection))]
public sealed class LiveFuzzTests
{
    private const int Workers = 4;

    [Fact]
    public async Task HostileTraffic_DoesNotHurtTheServer()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TETHER_FUZZ_SEED"), out var s) ? s : Random.Shared.Next();
        var seconds = double.TryParse(Environment.GetEnvironmentVariable("TETHER_FUZZ_SECONDS"), out var d) ? d : 3;
        TestContext.Current.TestOutputHelper?.WriteLine($"fuzz seed {seed}");
        await using var host = await KestrelHost.StartAsync(
            o =>
            {
                o.Engine.MaxHttpBufferSize = 64 * 1024;
                // Hostile polling sessions are left behind without a last GET: do not wait for them at the end.
                o.Engine.ShutdownTimeout = TimeSpan.FromSeconds(1);
                o.ConnectTimeout = TimeSpan.FromSeconds(2);
                o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions();
            },
            Setup);

        // Warm up (JIT, pools) before taking the memory baseline.
        await RoundTripAsync(host, seed);
        var baseline = Memory();

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkerAsync(host, new Random(seed + w), until))).ToArray();
        var sessions = (await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(seconds + 60))).Sum();
        TestContext.Current.TestOutputHelper?.WriteLine($"fuzz sessions {sessions}");
        Assert.True(sessions >= Workers, $"seed {seed}: only {sessions} sessions ran");

        await RoundTripAsync(host, seed);
        var after = Memory();
        Assert.True(after < baseline + 64 * 1024 * 1024, $"seed {seed}: memory grew from {baseline} to {after} bytes");
        Assert.True(host.Logs.Errors.ToList() is { Count: 0 }, $"seed {seed}: errors logged:\n{string.Join("\n", host.Logs.Errors)}");
    }

    private static void Setup(ISocketIOServer io)
    {
        io.Of("/").OnConnection(socket =>
        {
            socket.On("echo", (args, ack) => ack is null ? Task.CompletedTask : ack(args.ToArray()));
            socket.On("join", (string room) => socket.Join(room));
            socket.On("shout", (string room, string text) => socket.To(room).EmitAsync("shout", text));
            return Task.CompletedTask;
        });
        io.Of("/other");
    }

    private static long Memory()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task<int> WorkerAsync(KestrelHost host, Random random, DateTime until)
    {
        var sessions = 0;
        while (DateTime.UtcNow < until)
        {
            sessions++;
            try
            {
                if (random.Next(2) == 0) await PollingSessionAsync(host, random);
                else await WebSocketSessionAsync(host, random);
            }
            catch (Exception ex) when (ex is HttpRequestException or WebSocketException or OperationCanceledException or IOException)
            {
                // The server closing a hostile connection on us is the expected outcome.
            }
        }
        return sessions;
    }

    private static async Task PollingSessionAsync(KestrelHost host, Random random)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var open = await host.Http.GetStringAsync(host.PollingUrl(), cts.Token);
        var sid = JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        for (var i = random.Next(1, 12); i > 0; i--)
        {
            byte[] body;
            if (random.Next(8) == 0)
            {
                body = new byte[random.Next(0, 2000)]; // not even Engine.IO
                random.NextBytes(body);
            }
            else
            {
                // Several messages in one payload, separated by the record separator, as the client batches them.
                using var payload = new MemoryStream();
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    if (payload.Length > 0) payload.WriteByte(0x1E);
                    var (binary, data) = HostilePayloads.Next(random);
                    var encoded = binary ? Encoding.ASCII.GetBytes("b" + Convert.ToBase64String(data)) : [(byte)'4', .. data];
                    payload.Write(encoded);
                }
                body = payload.ToArray();
            }
            using var response = await host.Http.PostAsync(host.PollingUrl(sid), new ByteArrayContent(body), cts.Token);
            if (!response.IsSuccessStatusCode) return;
            if (random.Next(3) == 0)
            {
                using var poll = await host.Http.GetAsync(host.PollingUrl(sid), cts.Token);
                if (!poll.IsSuccessStatusCode) return;
                if ((await poll.Content.ReadAsStringAsync(cts.Token)).EndsWith('1')) return; // closed
            }
        }
    }

    private static async Task WebSocketSessionAsync(KestrelHost host, Random random)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(host.WebSocketUri, cts.Token);
        // Drain what the server sends so it never sees a slow consumer.
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[16 * 1024];
            while (ws.State == WebSocketState.Open)
            {
                var result = await ws.ReceiveAsync(buffer, cts.Token);
                if (result.MessageType == WebSocketMessageType.Close) return;
            }
        });
        for (var i = random.Next(1, 20); i > 0 && ws.State == WebSocketState.Open; i--)
        {
            var (binary, data) = HostilePayloads.Next(random);
            if (binary)
            {
                await ws.SendAsync(data, WebSocketMessageType.Binary, true, cts.Token);
            }
            else
            {
                // Sometimes fragmented, sometimes without the Engine.IO type byte.
                byte[] frame = random.Next(10) == 0 ? data : [(byte)'4', .. data];
                var split = random.Next(5) == 0 && frame.Length > 1 ? random.Next(1, frame.Length) : frame.Length;
                await ws.SendAsync(frame.AsMemory(0, split), WebSocketMessageType.Text, split == frame.Length, cts.Token);
                if (split < frame.Length) await ws.SendAsync(frame.AsMemory(split), WebSocketMessageType.Text, true, cts.Token);
            }
        }
        if (random.Next(2) == 0) ws.Abort();
        else if (ws.State == WebSocketState.Open) await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        try
        {
            await reader;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>A fresh client: connect, event with ack, reply, over WebSocket.</summary>
    private static async Task RoundTripAsync(KestrelHost host, int seed)
    {
        var (ws, _) = await RawClients.ConnectWebSocketAsync(host);
        using (ws)
        {
            await ws.SendAsync("4217[\"echo\",\"still alive\",{\"n\":1}]"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            var reply = await RawClients.ReceiveTextAsync(ws);
            Assert.True(reply == "4317[\"still alive\",{\"n\":1}]", $"seed {seed}: unexpected reply {reply}");
            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
    }
}
