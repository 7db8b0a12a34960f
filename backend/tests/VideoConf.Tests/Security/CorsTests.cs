using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Security;

/// <summary>What a browser on some origin is told by the REST API and the Socket.IO endpoint.</summary>
public abstract class CorsTestBase : SecurityTest
{
    protected const string Allowed = "http://allowed.example";
    protected const string Evil = "http://evil.example";

    /// <summary>The Access-Control-Allow-Origin values of a response (several would be a broken answer too).</summary>
    protected static string[] AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? [.. values] : [];

    protected async Task<HttpResponseMessage> RestPreflightAsync(string origin, string path = "/api/sessions")
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await App.Http.SendAsync(request, Ct);
    }

    protected async Task<HttpResponseMessage> RestGetAsync(string origin)
    {
        var user = await LoginAsync("Cors", "coach");
        var sessionId = await user.CreateSessionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{sessionId}");
        request.Headers.Add("Origin", origin);
        request.Headers.Authorization = user.Http.DefaultRequestHeaders.Authorization;
        return await App.Http.SendAsync(request, Ct);
    }

    /// <summary>The Engine.IO handshake a browser's polling transport makes; the session it opens is closed again.</summary>
    protected async Task<HttpResponseMessage> SocketHandshakeAsync(string origin)
    {
        var response = await PollingClient.HandshakeAsync(App, "", new Dictionary<string, string> { ["Origin"] = origin });
        await response.Content.LoadIntoBufferAsync(Ct);
        await PollingClient.CloseAsync(App, response);
        return response;
    }

    protected async Task<HttpResponseMessage> SocketPreflightAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/socket.io/?EIO=4&transport=polling");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await App.Http.SendAsync(request, Ct);
    }
}

/// <summary>Hole 7, default configuration: no origin is allowed, not even one that looks like the server's own.</summary>
public sealed class CorsWithoutOriginsTests : CorsTestBase
{
    [Theory]
    [InlineData(Evil)]
    [InlineData(Allowed)]
    [InlineData("null")]
    [InlineData("http://localhost:5000")]
    public async Task No_origin_is_allowed_on_rest_or_socket_io(string origin)
    {
        Assert.Empty(AllowOrigin(await RestPreflightAsync(origin)));
        Assert.Empty(AllowOrigin(await RestPreflightAsync(origin, "/api/auth/login")));
        Assert.Empty(AllowOrigin(await RestGetAsync(origin)));

        var handshake = await SocketHandshakeAsync(origin);
        Assert.True(handshake.IsSuccessStatusCode);
        Assert.Empty(AllowOrigin(handshake));
        Assert.False(handshake.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Empty(AllowOrigin(await SocketPreflightAsync(origin)));
    }
}

/// <summary>Hole 7, with <c>Cors:Origins</c> set: exactly the listed origin is allowed, on REST and on Socket.IO.</summary>
public sealed class CorsWithOriginsTests : CorsTestBase
{
    protected override IDictionary<string, string?> MoreSettings => new Dictionary<string, string?>
    {
        ["Cors:Origins:0"] = Allowed,
    };

    [Fact]
    public async Task The_configured_origin_is_allowed_once_on_rest_and_socket_io()
    {
        Assert.Equal([Allowed], AllowOrigin(await RestPreflightAsync(Allowed)));
        Assert.Equal([Allowed], AllowOrigin(await RestGetAsync(Allowed)));
        var handshake = await SocketHandshakeAsync(Allowed);
        Assert.True(handshake.IsSuccessStatusCode);
        Assert.Equal([Allowed], AllowOrigin(handshake));
        Assert.Equal([Allowed], AllowOrigin(await SocketPreflightAsync(Allowed)));
    }

    [Theory]
    [InlineData(Evil)]
    [InlineData("http://allowed.example.evil.example")]
    [InlineData("http://evil.example/http://allowed.example")]
    [InlineData("https://allowed.example")]
    [InlineData("http://allowed.example:8080")]
    [InlineData("null")]
    public async Task Any_other_origin_is_not_allowed(string origin)
    {
        Assert.Empty(AllowOrigin(await RestPreflightAsync(origin)));
        Assert.Empty(AllowOrigin(await RestGetAsync(origin)));
        var handshake = await SocketHandshakeAsync(origin);
        Assert.Empty(AllowOrigin(handshake));
        Assert.Empty(AllowOrigin(await SocketPreflightAsync(origin)));
    }
}
