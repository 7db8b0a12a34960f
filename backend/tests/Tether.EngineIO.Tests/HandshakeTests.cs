using System.Net;
using System.Text.Json;
using Tether.EngineIO.Tests.Infrastructure;

namespace Tether.EngineIO.Tests;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Polling_handshake_returns_open_packet_with_reference_keys()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var response = await host.Http.GetAsync(EngineTestHost.PollingUrl());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=UTF-8", response.Content.Headers.ContentType!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("0{", body);

        var open = JsonDocument.Parse(body[1..]).RootElement;
        var sid = open.GetProperty("sid").GetString()!;
        Assert.True(sid.Length >= 20, sid);
        Assert.Matches("^[A-Za-z0-9_-]+$", sid);
        Assert.Equal(["websocket"], open.GetProperty("upgrades").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(25000, open.GetProperty("pingInterval").GetInt32());
        Assert.Equal(20000, open.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, open.GetProperty("maxPayload").GetInt32());
        Assert.Equal(5, open.EnumerateObject().Count());
        Assert.Equal(1, host.Server.ClientsCount);
        Assert.True(host.Handler.Connections.ContainsKey(sid));
    }

    [Fact]
    public async Task Session_ids_differ()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (a, _) = await host.HandshakeAsync();
        var (b, _) = await host.HandshakeAsync();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task No_upgrades_offered_when_upgrades_are_disabled()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.AllowUpgrades = false);
        var (_, open) = await host.HandshakeAsync();
        Assert.Empty(open.GetProperty("upgrades").EnumerateArray());
    }

    [Fact]
    public async Task Path_without_trailing_slash_is_served()
    {
        await using var host = await EngineTestHost.StartAsync();
        var body = await host.Http.GetStringAsync("/engine.io?EIO=4&transport=polling");
        Assert.StartsWith("0{", body);
    }

    [Theory]
    [InlineData("GET", "/engine.io/?EIO=4&transport=foo", 400, 0, "Transport unknown")]
    [InlineData("GET", "/engine.io/?EIO=4", 400, 0, "Transport unknown")]
    [InlineData("GET", "/engine.io/?EIO=4&transport=polling&sid=nope", 400, 1, "Session ID unknown")]
    [InlineData("POST", "/engine.io/?EIO=4&transport=polling", 400, 2, "Bad handshake method")]
    [InlineData("GET", "/engine.io/?EIO=4&transport=websocket", 400, 3, "Bad request")]
    [InlineData("GET", "/engine.io/?EIO=3&transport=polling", 400, 5, "Unsupported protocol version")]
    [InlineData("GET", "/engine.io/?transport=polling", 400, 5, "Unsupported protocol version")]
    public async Task Bad_requests_get_the_reference_error_codes(string method, string url, int status, int code, string message)
    {
        await using var host = await EngineTestHost.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST") request.Content = new StringContent("4hi");
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"{{\"code\":{code},\"message\":\"{message}\"}}", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, host.Server.ClientsCount);
    }

    [Fact]
    public async Task AllowRequest_refusal_is_403_forbidden()
    {
        await using var host = await EngineTestHost.StartAsync(o =>
            o.AllowRequest = ctx => ValueTask.FromResult(ctx.Request.Headers.ContainsKey("X-Token") ? null : "no token"));
        using var refused = await host.Http.GetAsync(EngineTestHost.PollingUrl());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("{\"code\":4,\"message\":\"Forbidden\"}", await refused.Content.ReadAsStringAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, EngineTestHost.PollingUrl());
        request.Headers.Add("X-Token", "t");
        using var accepted = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Cookie_is_set_when_configured()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.Cookie = new EngineIOCookieOptions());
        using var response = await host.Http.GetAsync(EngineTestHost.PollingUrl());
        var body = await response.Content.ReadAsStringAsync();
        var sid = JsonDocument.Parse(body[1..]).RootElement.GetProperty("sid").GetString();
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"io={sid}", cookie);
        Assert.Contains("path=/", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
    }

    [Fact]
    public async Task No_cookie_by_default()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var response = await host.Http.GetAsync(EngineTestHost.PollingUrl());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
