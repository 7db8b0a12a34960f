using System.Text;
using System.Text.Json;

namespace VideoConf.Tests.Infrastructure;

/// <summary>
/// Speaks Engine.IO v4 long-polling by hand, so a test sees exactly what a browser would: the raw response headers
/// of the handshake (CORS) and the exact <c>CONNECT</c> / <c>CONNECT_ERROR</c> packet of a namespace (message and data).
/// </summary>
internal sealed class PollingClient : IAsyncDisposable
{
    private const char Separator = '\x1e';

    private readonly HttpClient _http;
    private readonly string _url;

    private PollingClient(HttpClient http, string url)
    {
        _http = http;
        _url = url;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The Engine.IO handshake (<c>GET ...&amp;transport=polling</c>) with optional extra headers; the raw response.</summary>
    public static async Task<HttpResponseMessage> HandshakeAsync(TestApp app, string query = "", IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/socket.io/?EIO=4&transport=polling{query}");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        return await app.Http.SendAsync(request, Ct);
    }

    /// <summary>Opens an Engine.IO session; <paramref name="sessionId"/> goes in the handshake query, as the seed client sends it.</summary>
    public static async Task<PollingClient> OpenAsync(TestApp app, string? sessionId)
    {
        var query = sessionId is null ? "" : "&sessionId=" + Uri.EscapeDataString(sessionId);
        var open = await HandshakeAsync(app, query);
        var body = await open.EnsureSuccessStatusCode().Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("0", body);
        var sid = JsonDocument.Parse(body[1..]).RootElement.GetProperty("sid").GetString()!;
        var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return new PollingClient(http, $"/socket.io/?EIO=4&transport=polling&sid={Uri.EscapeDataString(sid)}{query}");
    }

    /// <summary>
    /// Sends <c>CONNECT /video</c> with <paramref name="auth"/> and returns the answer: (true, {sid}) for CONNECT,
    /// (false, {message, data}) for CONNECT_ERROR.
    /// </summary>
    public async Task<(bool Connected, JsonElement Payload)> ConnectNamespaceAsync(string nsp, object? auth)
    {
        var packet = "40" + nsp + "," + (auth is null ? "" : JsonSerializer.Serialize(auth));
        var post = await _http.PostAsync(_url, new StringContent(packet, Encoding.UTF8, "text/plain"), Ct);
        post.EnsureSuccessStatusCode();

        var deadline = DateTime.UtcNow + VideoClient.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var body = await _http.GetStringAsync(_url, Ct);
            foreach (var message in body.Split(Separator))
            {
                if (message.StartsWith("40" + nsp + ",", StringComparison.Ordinal))
                    return (true, JsonDocument.Parse(message[(nsp.Length + 3)..]).RootElement.Clone());
                if (message.StartsWith("44" + nsp + ",", StringComparison.Ordinal))
                    return (false, JsonDocument.Parse(message[(nsp.Length + 3)..]).RootElement.Clone());
            }
        }
        throw new TimeoutException($"No answer to CONNECT {nsp}.");
    }

    /// <summary>Closes the Engine.IO session opened by a handshake response (so the host's shutdown need not wait for it).</summary>
    public static async Task CloseAsync(TestApp app, HttpResponseMessage handshake)
    {
        var body = await handshake.Content.ReadAsStringAsync(Ct);
        if (!handshake.IsSuccessStatusCode || !body.StartsWith('0')) return;
        var sid = JsonDocument.Parse(body[1..]).RootElement.GetProperty("sid").GetString()!;
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        await new PollingClient(http, $"/socket.io/?EIO=4&transport=polling&sid={Uri.EscapeDataString(sid)}").CloseAsync();
    }

    /// <summary>
    /// Engine.IO "close", then one more GET: a polling session closed by its client lingers until a GET takes the
    /// server's close packet.
    /// </summary>
    private async Task CloseAsync()
    {
        try
        {
            await _http.PostAsync(_url, new StringContent("1", Encoding.UTF8, "text/plain"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _http.GetAsync(_url, timeout.Token);
        }
        catch (Exception)
        {
            // Already closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _http.Dispose();
    }
}
