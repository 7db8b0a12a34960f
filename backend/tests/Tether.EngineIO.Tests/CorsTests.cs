using System.Net;
using Tether.EngineIO.Tests.Infrastructure;

namespace Tether.EngineIO.Tests;

public sealed class CorsTests
{
    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, EngineTestHost.PollingUrl());
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task Preflight_for_a_configured_origin_is_answered()
    {
        await using var host = await EngineTestHost.StartAsync(o =>
            o.Cors = new EngineIOCorsOptions { Origins = ["https://app.example"], Credentials = true });
        using var response = await host.Http.SendAsync(Preflight("https://app.example"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://app.example", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"));
        Assert.Equal("content-type", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal(0, host.Server.ClientsCount);
    }

    [Fact]
    public async Task Requests_from_a_configured_origin_get_headers_and_others_do_not()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.Cors = new EngineIOCorsOptions { Origins = ["https://app.example"] });
        using var allowed = new HttpRequestMessage(HttpMethod.Get, EngineTestHost.PollingUrl());
        allowed.Headers.Add("Origin", "https://app.example");
        using var allowedResponse = await host.Http.SendAsync(allowed);
        Assert.Equal(HttpStatusCode.OK, allowedResponse.StatusCode);
        Assert.Equal("https://app.example", Header(allowedResponse, "Access-Control-Allow-Origin"));
        Assert.Null(Header(allowedResponse, "Access-Control-Allow-Credentials"));

        using var other = new HttpRequestMessage(HttpMethod.Get, EngineTestHost.PollingUrl());
        other.Headers.Add("Origin", "https://evil.example");
        using var otherResponse = await host.Http.SendAsync(other);
        Assert.Null(Header(otherResponse, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Wildcard_allows_any_origin()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.Cors = new EngineIOCorsOptions { Origins = ["*"] });
        using var response = await host.Http.SendAsync(Preflight("https://whatever.example"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Wildcard_with_credentials_echoes_the_origin()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.Cors = new EngineIOCorsOptions { Origins = ["*"], Credentials = true });
        using var response = await host.Http.SendAsync(Preflight("https://whatever.example"));
        Assert.Equal("https://whatever.example", Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_cors_options_no_headers_are_sent()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, EngineTestHost.PollingUrl());
        request.Headers.Add("Origin", "https://app.example");
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));

        using var preflight = await host.Http.SendAsync(Preflight("https://app.example"));
        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.NotEqual(HttpStatusCode.NoContent, preflight.StatusCode);
    }
}
