using System.Net;
using LoadGen.Measure;
using LoadGen.Net;

namespace LoadGen.Scenarios;

internal enum Transport { WebSocket, Polling }

/// <summary>Opens many clients with bounded concurrency, optionally joining each to a room; closes them again.</summary>
internal static class Clients
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    public sealed record Opened(List<SioClient> Clients, int Failures, string? FirstError);

    /// <param name="room">The session id client <c>i</c> joins (room <c>session:&lt;id&gt;</c>), or null for none.</param>
    /// <param name="connectTimes">Receives each client's time from TCP connect to join ack (or namespace connect).</param>
    public static async Task<Opened> OpenAsync(RunContext ctx, int count, int concurrency, Transport transport,
        Func<int, string?> room, LatencySamples? connectTimes = null, HttpClient? pollingHttp = null)
    {
        var clients = new SioClient?[count];
        var failures = 0;
        string? firstError = null;
        var next = -1;

        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var t0 = Clock.NowUs();
                try
                {
                    var client = await ConnectOneAsync(ctx, transport, pollingHttp);
                    client.Tag = i;
                    clients[i] = client;
                    var sessionId = room(i);
                    if (sessionId is not null && !ctx.Raw)
                    {
                        var ack = await client.RequestAsync("join", $"{{\"sessionId\":\"{sessionId}\"}}", ConnectTimeout);
                        if (!ack.Contains("\"ok\":true", StringComparison.Ordinal)) throw new IOException("join ack was " + ack);
                    }
                    connectTimes?.Add(Clock.NowUs() - t0);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstError, $"{e.GetType().Name}: {e.Message}", null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Worker()));
        return new Opened(clients.Where(c => c is not null).ToList()!, failures, firstError);
    }

    private static async Task<SioClient> ConnectOneAsync(RunContext ctx, Transport transport, HttpClient? pollingHttp) =>
        transport == Transport.WebSocket
            ? await WsSioClient.ConnectAsync(ctx.Server.Endpoint, ctx.Namespace, ctx.Raw, ConnectTimeout, CancellationToken.None)
            : await PollingSioClient.ConnectAsync(pollingHttp ?? throw new ArgumentNullException(nameof(pollingHttp)),
                ctx.Server.BaseUri, ctx.Namespace, ConnectTimeout, CancellationToken.None);

    /// <summary>Closes every client: WebSockets by reset, polling sessions with a close packet.</summary>
    public static async Task CloseAllAsync(IEnumerable<SioClient> clients)
    {
        var polling = new List<Task>();
        foreach (var c in clients)
        {
            if (c is PollingSioClient p) polling.Add(p.CloseAsync());
            else c.Abort();
        }
        await Task.WhenAll(polling);
    }

    /// <summary>An HTTP client for polling sessions: enough connections for a pending GET and a POST per session.</summary>
    public static HttpClient NewPollingHttp() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        MaxConnectionsPerServer = 100_000,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(60), // a long-poll GET lasts at most the ping interval (25 s)
    };
}
