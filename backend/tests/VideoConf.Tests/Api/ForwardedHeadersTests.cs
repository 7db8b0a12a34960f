using Serilog.Events;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Api;

/// <summary>
/// <c>ForwardedHeaders:*</c>: the client's address and scheme come from X-Forwarded-For/-Proto only when enabled, and
/// only from a trusted proxy (loopback unless KnownProxies/KnownNetworks say otherwise). Observed through the
/// request log's ClientAddress and the absolute Location of a 201.
/// </summary>
public abstract class ForwardedHeadersTest : AppTest
{
    protected async Task<(string? ClientAddress, Uri Location)> CreateSessionThroughProxyAsync()
    {
        var coach = await LoginAsync("Coach", "coach");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = System.Net.Http.Json.JsonContent.Create(new { title = "Proxied" }) };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        var response = await coach.Http.SendAsync(request, Ct);
        await TestUser.ReadOkAsync(response);

        var address = App.Logs.Events
            .Where(e => e.Properties.TryGetValue("RequestPath", out var path) && path.ToString() == "\"/api/sessions\"")
            .Select(e => e.Properties.TryGetValue("ClientAddress", out var a) ? (a as ScalarValue)?.Value as string : null)
            .Last();
        return (address, response.Headers.Location!);
    }
}

public sealed class ForwardedHeadersOffTests : ForwardedHeadersTest
{
    [Fact]
    public async Task By_default_the_headers_are_ignored_so_a_client_cannot_claim_another_address()
    {
        var (address, location) = await CreateSessionThroughProxyAsync();
        Assert.Equal("127.0.0.1", address);
        Assert.Equal("http", location.Scheme);
    }
}

public sealed class ForwardedHeadersOnTests : ForwardedHeadersTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ForwardedHeaders:Enabled"] = "true" };

    [Fact]
    public async Task Enabled_the_client_address_and_scheme_come_from_the_loopback_proxy()
    {
        var (address, location) = await CreateSessionThroughProxyAsync();
        Assert.Equal("203.0.113.7", address);
        Assert.Equal("https", location.Scheme);
    }
}

public sealed class ForwardedHeadersUntrustedProxyTests : ForwardedHeadersTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ForwardedHeaders:Enabled"] = "true",
        // Only the proxy network of a compose stack is trusted; the test's loopback caller is not a proxy then.
        ["ForwardedHeaders:KnownNetworks"] = "172.16.0.0/12",
        ["ForwardedHeaders:KnownProxies:0"] = "10.1.2.3",
    };

    [Fact]
    public async Task Headers_from_an_address_outside_the_known_proxies_are_ignored()
    {
        var (address, location) = await CreateSessionThroughProxyAsync();
        Assert.Equal("127.0.0.1", address);
        Assert.Equal("http", location.Scheme);
    }
}

public sealed class ForwardedHeadersTrustedNetworkTests : ForwardedHeadersTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ForwardedHeaders:Enabled"] = "true",
        ["ForwardedHeaders:KnownNetworks"] = "127.0.0.0/8, 172.16.0.0/12",
    };

    [Fact]
    public async Task A_proxy_in_a_known_network_is_trusted()
    {
        var (address, location) = await CreateSessionThroughProxyAsync();
        Assert.Equal("203.0.113.7", address);
        Assert.Equal("https", location.Scheme);
    }
}
