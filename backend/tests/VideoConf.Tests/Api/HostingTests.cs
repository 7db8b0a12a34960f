using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Api;

public sealed class HostingTests : AppTest
{
    private string ClientFolder => Path.Combine(Data.Path, "client");

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Frontend:DistPath"] = ClientFolder,
        ["Cors:Origins:0"] = "http://allowed.example",
        // Everything, framework request logs included, so the token check below sees every line there is.
        ["Serilog:MinimumLevel:Default"] = "Debug",
        ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Debug",
    };

    public override async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(ClientFolder, "assets"));
        await File.WriteAllTextAsync(Path.Combine(ClientFolder, "index.html"), "<html>client</html>", Ct);
        await File.WriteAllTextAsync(Path.Combine(ClientFolder, "assets", "app.js"), "console.log(1)", Ct);
        await base.InitializeAsync();
    }

    [Fact]
    public async Task Health_reports_the_store()
    {
        var health = await App.Http.GetFromJsonAsync<JsonElement>("/health", Ct);

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal("embedded", health.GetProperty("store").GetProperty("kind").GetString());
        Assert.True(health.GetProperty("store").GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task The_client_is_served_with_a_fallback_for_its_routes_only()
    {
        Assert.Contains("client", await App.Http.GetStringAsync("/", Ct));
        Assert.Contains("client", await App.Http.GetStringAsync("/session/abc?token=x", Ct));
        Assert.Equal("console.log(1)", await App.Http.GetStringAsync("/assets/app.js", Ct));

        Assert.Equal(HttpStatusCode.NotFound, (await App.Http.GetAsync("/assets/missing.js", Ct)).StatusCode);
        var api = await App.Http.GetAsync("/api/unknown", Ct);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.NotEqual("text/html", (await App.Http.GetAsync("/socket.io/?EIO=4&transport=polling", Ct)).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cors_allows_only_configured_origins()
    {
        async Task<string?> AllowedOriginAsync(string origin)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/auth/login");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            var response = await App.Http.SendAsync(preflight, Ct);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        }

        Assert.Equal("http://allowed.example", await AllowedOriginAsync("http://allowed.example"));
        Assert.Null(await AllowedOriginAsync("http://evil.example"));
    }

    [Fact]
    public async Task Every_emit_is_logged_and_no_token_reaches_the_log()
    {
        var c = await StartConferenceAsync();
        await using var viaQuery = await VideoClient.ConnectAsync(App, c.Participant.Token, c.SessionId, tokenInQuery: true);
        var resourceId = Id(await TestUser.ReadOkAsync(await c.Coach.UploadAsync(c.SessionId, "a.txt", [1])));
        await SyncAsync(c.Coach, c.SessionId, c.ParticipantSocket, viaQuery);

        var lines = App.Logs.Events.Select(e => e.RenderMessage()).ToList();
        Assert.Contains($"Emitted \"resource-uploaded\" to session \"{c.SessionId}\" (\"{resourceId}\")", lines);
        Assert.Single(lines, l => l.Contains("resource-uploaded"));
        Assert.Contains(App.Logs.Events, e => e.MessageTemplate.Text.StartsWith("HTTP {RequestMethod} {RequestPath}", StringComparison.Ordinal)
            && e.Properties["RequestPath"].ToString().Contains("/resources"));

        var everything = App.Logs.RenderedWithProperties().ToList();
        Assert.Contains(everything, line => line.Contains("token=***"));
        foreach (var token in new[] { c.Coach.Token, c.Participant.Token })
            Assert.DoesNotContain(everything, line => line.Contains(token));
    }
}
