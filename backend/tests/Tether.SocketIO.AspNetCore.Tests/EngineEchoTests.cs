using System.Net;
using System.Text.Json.Nodes;
using ConformanceHost;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// The conformance host's raw Engine.IO endpoint (<c>/engine.io/</c>): the handshake values the official Engine.IO
/// test suite expects, echo of text and binary over both transports, CORS, and the heartbeat timeout.
/// </summary>
public sealed class EngineEchoTests
{
    private const char RecordSeparator = '\u001e';

    private static Task<TestServer> StartConformanceTimingsAsync() => TestServer.StartAsync(settings =>
    {
        var defaults = new ConformanceSettings();
        settings.PingInterval = defaults.PingInterval;
        settings.PingTimeout = defaults.PingTimeout;
        settings.ConnectTimeout = defaults.ConnectTimeout;
    });

    [Fact]
    public async Task WebSocket_handshake_has_the_conformance_values()
    {
        await using var server = await StartConformanceTimingsAsync();
        await using var socket = await RawWebSocket.ConnectAsync(server.Url, ConformanceApp.EnginePath);

        var handshake = await socket.ReceiveTextAsync();

        Assert.StartsWith("0", handshake);
        var value = JsonNode.Parse(handshake[1..])!.AsObject();
        Assert.Equal(["maxPayload", "pingInterval", "pingTimeout", "sid", "upgrades"], value.Select(p => p.Key).Order());
        Assert.Equal(300, value["pingInterval"]!.GetValue<int>());
        Assert.Equal(200, value["pingTimeout"]!.GetValue<int>());
        Assert.Equal(1_000_000, value["maxPayload"]!.GetValue<int>());
        Json.Equal("[]", value["upgrades"]);
    }

    [Fact]
    public async Task WebSocket_echoes_text_as_text_and_binary_as_binary()
    {
        await using var server = await StartConformanceTimingsAsync();
        await using var socket = await RawWebSocket.ConnectAsync(server.Url, ConformanceApp.EnginePath);
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("4hello € 😀");
        await socket.SendBinaryAsync([1, 2, 3]);
        await socket.SendTextAsync("4");

        Assert.Equal("4hello € 😀", await socket.ReceiveTextAsync());
        Assert.Equal(new byte[] { 1, 2, 3 }, await socket.ReceiveBinaryAsync());
        Assert.Equal("4", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Polling_echoes_text_as_text_and_binary_as_base64()
    {
        await using var server = await StartConformanceTimingsAsync();
        using var session = await RawPolling.OpenAsync(server.Url, ConformanceApp.EnginePath);

        using var post = await session.PostAsync($"4hello{RecordSeparator}bAQID");
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);

        // The echoes may come in one payload or several; pings may be mixed in (answer them to stay alive).
        var received = new List<string>();
        while (received.Count < 2)
        {
            using var poll = await session.GetAsync();
            foreach (var packet in (await poll.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split(RecordSeparator))
            {
                if (packet == "2") (await session.PostAsync("3")).Dispose();
                else received.Add(packet);
            }
        }
        Assert.Equal(["4hello", "bAQID"], received);
    }

    [Fact]
    public async Task Polling_answers_cross_origin_requests()
    {
        await using var server = await StartConformanceTimingsAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = Timeouts.Default };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{ConformanceApp.EnginePath}?EIO=4&transport=polling");
        request.Headers.Add("Origin", "http://elsewhere.example");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var allowed = response.Headers.GetValues("Access-Control-Allow-Origin").Single();
        Assert.Contains(allowed, new[] { "*", "http://elsewhere.example" });
    }

    [Fact]
    public async Task WebSocket_peer_that_never_pongs_is_closed_after_ping_interval_plus_timeout()
    {
        await using var server = await StartConformanceTimingsAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var socket = await RawWebSocket.ConnectAsync(server.Url, ConformanceApp.EnginePath, answerPings: false);
        await socket.ReceiveTextAsync();

        Assert.Equal("2", await socket.ReceiveTextAsync());
        await socket.WaitClosedAsync();

        // 300 ms until the ping, 200 ms to answer it; slack for a loaded machine.
        Assert.InRange(clock.ElapsedMilliseconds, 400, 3000);
    }

    [Fact]
    public async Task Polling_session_is_gone_after_a_missed_pong()
    {
        await using var server = await StartConformanceTimingsAsync();
        using var session = await RawPolling.OpenAsync(server.Url, ConformanceApp.EnginePath);

        // Keep polling without answering the ping: the session must end (a close packet, then 400).
        await session.WaitSessionGoneAsync("no pong was ever sent");
    }
}
