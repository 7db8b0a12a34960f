using System.Net;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>Hostile long-polling requests: each ends its own session only.</summary>
public sealed class HostilePollingTests
{
    public static TheoryData<string, string> HostileBodies() => new()
    {
        { "unknown Engine.IO packet type", "x" },
        { "invalid base64 binary", "b!!!not base64" },
        { "malformed Socket.IO packet", "42[\"message\"" },
        { "record separator only garbage", "\u001e\u001e9" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Hostile_body_closes_only_its_session(string description, string body)
    {
        await using var server = await TestServer.StartAsync();
        await using var bystander = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);
        using var attacker = await RawPolling.OpenAsync(server.Url, "/socket.io/");
        using (var join = await attacker.PostAsync("40")) Assert.Equal(HttpStatusCode.OK, join.StatusCode);

        using var response = await attacker.PostAsync(body);

        await attacker.WaitSessionGoneAsync(description);
        await bystander.SendTextAsync("42[\"message\",\"fine\"]");
        Assert.Equal("42[\"message-back\",\"fine\"]", await bystander.ReceiveTextAsync());
    }

    [Fact]
    public async Task Body_over_max_http_buffer_size_is_refused_with_413()
    {
        await using var server = await TestServer.StartAsync();
        using var attacker = await RawPolling.OpenAsync(server.Url, "/socket.io/");

        using var response = await attacker.PostAsync("4" + new string('x', 1_000_001));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await attacker.WaitSessionGoneAsync();
    }

    [Fact]
    public async Task Unknown_sid_is_refused_with_the_engine_error()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(server.Url), Timeout = Timeouts.Default };

        using var response = await http.GetAsync("/socket.io/?EIO=4&transport=polling&sid=nope", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Json.Equal("""{"code":1,"message":"Session ID unknown"}""", Json.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Overlapping_gets_close_the_session()
    {
        await using var server = await TestServer.StartAsync();
        using var attacker = await RawPolling.OpenAsync(server.Url, "/socket.io/");

        // Two long polls at once: the protocol allows one; Node closes the session.
        var first = attacker.GetAsync();
        var second = attacker.GetAsync();
        using var a = await first;
        using var b = await second;

        Assert.Contains(HttpStatusCode.BadRequest, new[] { a.StatusCode, b.StatusCode });
        await attacker.WaitSessionGoneAsync();
    }
}
