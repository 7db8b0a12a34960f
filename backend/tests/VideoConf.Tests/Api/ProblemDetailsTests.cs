using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Api;

/// <summary>Bad input answered with RFC 7807 problem details and the contract's status codes.</summary>
public sealed class ProblemDetailsTests : AppTest
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:MaxUploadBytes"] = "1024",
    };

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    [Fact]
    public async Task Login_validates_its_body()
    {
        var missingName = await ProblemAsync(await App.Http.PostAsJsonAsync("/api/auth/login", new { role = "coach" }, Ct), HttpStatusCode.BadRequest);
        Assert.True(missingName.GetProperty("errors").TryGetProperty("Name", out _));
        await ProblemAsync(await App.Http.PostAsJsonAsync("/api/auth/login", new { name = "A", role = "admin" }, Ct), HttpStatusCode.BadRequest);
        await ProblemAsync(await App.Http.PostAsJsonAsync("/api/auth/login", new { name = 5, role = "coach" }, Ct), HttpStatusCode.BadRequest);
        await ProblemAsync(await App.Http.PostAsync("/api/auth/login", new StringContent("{not json", Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Tokens_are_required_and_checked()
    {
        var coach = await LoginAsync("Coach", "coach");
        var sessionId = await coach.CreateSessionAsync();

        var none = await ProblemAsync(await App.Http.GetAsync($"/api/sessions/{sessionId}", Ct), HttpStatusCode.Unauthorized);
        Assert.Equal("Unauthorized", none.GetProperty("title").GetString());

        using var forged = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{sessionId}");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", coach.Token[..^2] + "xx");
        await ProblemAsync(await App.Http.SendAsync(forged, Ct), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Roles_membership_and_ids_are_enforced()
    {
        var coach = await LoginAsync("Coach", "coach");
        var participant = await LoginAsync("Pat");
        var sessionId = await coach.CreateSessionAsync();

        await ProblemAsync(await participant.PostAsync("/api/sessions", new { title = "mine" }), HttpStatusCode.Forbidden);
        await ProblemAsync(await coach.PostAsync("/api/sessions", new { title = "" }), HttpStatusCode.BadRequest);
        await ProblemAsync(await coach.GetAsync($"/api/sessions/{Guid.NewGuid():N}"), HttpStatusCode.NotFound);
        await ProblemAsync(await participant.GetAsync($"/api/sessions/{sessionId}/polls"), HttpStatusCode.Forbidden);
        await ProblemAsync(await participant.PostAsync($"/api/sessions/{sessionId}/leave"), HttpStatusCode.Forbidden);

        await participant.JoinAsync(sessionId);
        await ProblemAsync(await participant.PostAsync($"/api/sessions/{sessionId}/polls", new { question = "Q", options = new[] { "a", "b" } }), HttpStatusCode.Forbidden);
        await ProblemAsync(await participant.UploadAsync(sessionId, "a.txt", [1]), HttpStatusCode.Forbidden);
        await ProblemAsync(await coach.DeleteAsync($"/api/sessions/{sessionId}/resources/{Guid.NewGuid():N}"), HttpStatusCode.NotFound);
        await ProblemAsync(await coach.DeleteAsync($"/api/sessions/{sessionId}/polls/{Guid.NewGuid():N}"), HttpStatusCode.NotFound);
        await ProblemAsync(await participant.GetAsync($"/api/sessions/{sessionId}/resources/{Guid.NewGuid():N}/download"), HttpStatusCode.NotFound);
        await ProblemAsync(await coach.GetAsync("/api/no/such/route"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Polls_validate_input_and_allow_one_vote_per_user()
    {
        var coach = await LoginAsync("Coach", "coach");
        var sessionId = await coach.CreateSessionAsync();
        var polls = $"/api/sessions/{sessionId}/polls";

        await ProblemAsync(await coach.PostAsync(polls, new { question = "Q", options = new[] { "only one" } }), HttpStatusCode.BadRequest);
        await ProblemAsync(await coach.PostAsync(polls, new { question = "Q", options = "a,b" }), HttpStatusCode.BadRequest);
        await ProblemAsync(await coach.PostAsync(polls, new { options = new[] { "a", "b" } }), HttpStatusCode.BadRequest);
        await ProblemAsync(await coach.PostAsync(polls, new { question = "Q", options = new[] { "a", " " } }), HttpStatusCode.BadRequest);

        var pollId = (await coach.PostOkAsync(polls, new { question = "Q", options = new[] { "a", "b" } })).GetProperty("poll").GetProperty("_id").GetString();
        var vote = $"{polls}/{pollId}/vote";
        await ProblemAsync(await coach.PostAsync(vote, new { optionIndex = "first" }), HttpStatusCode.BadRequest);
        await ProblemAsync(await coach.PostAsync(vote, new { }), HttpStatusCode.BadRequest);
        await ProblemAsync(await coach.PostAsync(vote, new { optionIndex = 5 }), HttpStatusCode.BadRequest);
        await ProblemAsync(await coach.PostAsync($"{polls}/{Guid.NewGuid():N}/vote", new { optionIndex = 0 }), HttpStatusCode.NotFound);

        await coach.PostOkAsync(vote, new { optionIndex = 0 });
        var second = await ProblemAsync(await coach.PostAsync(vote, new { optionIndex = 1 }), HttpStatusCode.Conflict);
        Assert.Contains("already voted", second.GetProperty("detail").GetString());
        var stored = (await coach.GetOkAsync(polls))[0];
        Assert.Equal([1, 0], stored.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));
    }

    [Fact]
    public async Task Uploads_are_limited_in_size_and_type()
    {
        var coach = await LoginAsync("Coach", "coach");
        var sessionId = await coach.CreateSessionAsync();

        var tooLarge = await ProblemAsync(await coach.UploadAsync(sessionId, "big.txt", new byte[2048]), HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Payload too large", tooLarge.GetProperty("title").GetString());
        Assert.Contains("1024 bytes", tooLarge.GetProperty("detail").GetString());

        // Far beyond the request limit too: still our 413, not a dropped connection or a framework page.
        await ProblemAsync(await coach.UploadAsync(sessionId, "huge.txt", new byte[3 * 1024 * 1024]), HttpStatusCode.RequestEntityTooLarge);

        await ProblemAsync(await coach.UploadAsync(sessionId, "page.html", [1], "text/html"), HttpStatusCode.UnsupportedMediaType);
        await ProblemAsync(await coach.UploadAsync(sessionId, "tool.exe", [1], "application/x-msdownload"), HttpStatusCode.UnsupportedMediaType);
        await ProblemAsync(await coach.Http.PostAsJsonAsync($"/api/sessions/{sessionId}/resources", new { file = "x" }, Ct), HttpStatusCode.UnsupportedMediaType);
        await ProblemAsync(await coach.UploadAsync(sessionId, "empty.txt", []), HttpStatusCode.BadRequest);

        using var wrongField = new MultipartFormDataContent { { new ByteArrayContent([1]), "attachment", "a.txt" } };
        await ProblemAsync(await coach.Http.PostAsync($"/api/sessions/{sessionId}/resources", wrongField, Ct), HttpStatusCode.BadRequest);

        // A browser's generic type for a known extension is resolved from the name.
        var inferred = await TestUser.ReadOkAsync(await coach.UploadAsync(sessionId, "slides.pdf", [1, 2], "application/octet-stream"));
        Assert.Equal("application/pdf", inferred.GetProperty("contentType").GetString());
        Assert.Single((await coach.GetOkAsync($"/api/sessions/{sessionId}/resources")).EnumerateArray());
    }

    [Fact]
    public async Task Chat_input_is_validated()
    {
        var coach = await LoginAsync("Coach", "coach");
        var sessionId = await coach.CreateSessionAsync();
        var messages = $"/api/sessions/{sessionId}/messages";

        await ProblemAsync(await coach.PostAsync(messages, new { clientId = "c" }), HttpStatusCode.BadRequest);
        await ProblemAsync(await coach.PostAsync(messages, new { text = new string('x', 2001) }), HttpStatusCode.BadRequest);
        await ProblemAsync(await coach.PostAsync(messages, new { text = true }), HttpStatusCode.BadRequest);
        Assert.Empty((await coach.GetOkAsync(messages)).EnumerateArray());
    }
}
