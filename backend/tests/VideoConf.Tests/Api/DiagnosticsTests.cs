using System.Net;
using System.Text.Json;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Api;

/// <summary><c>GET /api/diagnostics/memory</c> is off by default: an unknown route.</summary>
public sealed class DiagnosticsDisabledTests : AppTest
{
    [Fact]
    public async Task The_memory_endpoint_is_a_404_unless_enabled()
    {
        var response = await App.Http.GetAsync("/api/diagnostics/memory", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

public sealed class DiagnosticsEnabledTests : AppTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Diagnostics:Enabled"] = "true" };

    [Fact]
    public async Task A_local_caller_gets_the_memory_after_a_full_collection_without_signing_in()
    {
        var first = await ReadAsync();
        var second = await ReadAsync();

        Assert.True(first.GetProperty("managedBytes").GetInt64() > 0);
        Assert.True(first.GetProperty("rssBytes").GetInt64() > first.GetProperty("managedBytes").GetInt64());
        // Each call is a full (gen 2) collection of its own.
        Assert.True(second.GetProperty("gcCount").GetInt32() > first.GetProperty("gcCount").GetInt32());
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    public async Task A_request_relayed_by_a_proxy_is_refused_even_from_loopback(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/diagnostics/memory");
        request.Headers.TryAddWithoutValidation(header, value);
        var response = await App.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<JsonElement> ReadAsync()
    {
        var response = await App.Http.GetAsync("/api/diagnostics/memory", Ct);
        return await TestUser.ReadOkAsync(response);
    }
}

/// <summary>With forwarded headers on, a caller whose (trusted) proxy says it is remote is remote.</summary>
public sealed class DiagnosticsBehindProxyTests : AppTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Diagnostics:Enabled"] = "true",
        ["ForwardedHeaders:Enabled"] = "true",
    };

    [Fact]
    public async Task A_remote_client_behind_the_proxy_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/diagnostics/memory");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.7");
        var response = await App.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        // The same machine, directly: allowed.
        Assert.Equal(HttpStatusCode.OK, (await App.Http.GetAsync("/api/diagnostics/memory", Ct)).StatusCode);
    }
}
