using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>A bare Engine.IO long-polling peer (raw HTTP requests), for hostile and exact-wire tests.</summary>
public sealed class RawPolling : IDisposable
{
    private readonly HttpClient _http;

    private RawPolling(HttpClient http, string url, string sid)
    {
        _http = http;
        Url = url;
        Sid = sid;
    }

    /// <summary>The session's polling URL (with sid).</summary>
    public string Url { get; }

    /// <summary>The Engine.IO session id.</summary>
    public string Sid { get; }

    /// <summary>Opens a session on <paramref name="path"/> with the handshake GET.</summary>
    public static async Task<RawPolling> OpenAsync(string baseUrl, string path)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = Timeouts.Default };
        var open = await http.GetStringAsync($"{path}?EIO=4&transport=polling");
        Assert.StartsWith("0{", open);
        var sid = JsonNode.Parse(open[1..])!["sid"]!.GetValue<string>();
        return new RawPolling(http, $"{path}?EIO=4&transport=polling&sid={sid}", sid);
    }

    /// <summary>POSTs a raw body.</summary>
    public Task<HttpResponseMessage> PostAsync(string body) =>
        _http.PostAsync(Url, new StringContent(body, Encoding.UTF8, "text/plain"));

    /// <summary>One GET (long poll).</summary>
    public Task<HttpResponseMessage> GetAsync() => _http.GetAsync(Url);

    /// <summary>
    /// Polls until the server says the session is gone (400), answering nothing; fails if it stays open for
    /// <paramref name="maxPolls"/> polls. A close packet ("1") in a payload also counts.
    /// </summary>
    public async Task WaitSessionGoneAsync(string? because = null, int maxPolls = 20)
    {
        for (var i = 0; i < maxPolls; i++)
        {
            using var response = await GetAsync();
            if (response.StatusCode == HttpStatusCode.BadRequest) return;
            var body = await response.Content.ReadAsStringAsync();
            if (body.Split('\u001e').Contains("1"))
            {
                using var after = await GetAsync();
                Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
                return;
            }
        }
        Assert.Fail($"Session {Sid} is still open after {maxPolls} polls{(because is null ? "" : " (" + because + ")")}.");
    }

    public void Dispose() => _http.Dispose();
}
