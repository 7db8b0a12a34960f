using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace VideoConf.Tests.Infrastructure;

/// <summary>A signed-in user of a <see cref="TestApp"/>, with an HTTP client carrying their token.</summary>
internal sealed class TestUser
{
    private TestUser(TestApp app, string id, string name, string role, string token)
    {
        App = app;
        Id = id;
        Name = name;
        Role = role;
        Token = token;
        Http = new HttpClient { BaseAddress = app.BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public TestApp App { get; }
    public string Id { get; }
    public string Name { get; }
    public string Role { get; }
    public string Token { get; }
    public HttpClient Http { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<TestUser> LoginAsync(TestApp app, string name, string role)
    {
        var response = await app.Http.PostAsJsonAsync("/api/auth/login", new { name, role }, Ct);
        var body = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Ct);
        var user = body.GetProperty("user");
        return new TestUser(app, user.GetProperty("_id").GetString()!, name, role, body.GetProperty("token").GetString()!);
    }

    /// <summary>The same identity and token, talking to another host (e.g. after a restart).</summary>
    public TestUser On(TestApp app) => new(app, Id, Name, Role, Token);

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        body is null ? Http.PostAsync(path, null, Ct) : Http.PostAsJsonAsync(path, body, Ct);

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path, Ct);

    public Task<HttpResponseMessage> DeleteAsync(string path) => Http.DeleteAsync(path, Ct);

    /// <summary>POST expecting success; the JSON body.</summary>
    public async Task<JsonElement> PostOkAsync(string path, object? body = null) => await ReadOkAsync(await PostAsync(path, body));

    public async Task<JsonElement> GetOkAsync(string path) => await ReadOkAsync(await GetAsync(path));

    public async Task<string> CreateSessionAsync(string title = "Session") =>
        (await PostOkAsync("/api/sessions", new { title })).GetProperty("_id").GetString()!;

    public Task<JsonElement> JoinAsync(string sessionId) => PostOkAsync($"/api/sessions/{sessionId}/join");

    public Task<HttpResponseMessage> UploadAsync(string sessionId, string fileName, byte[] content, string contentType = "text/plain")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        return Http.PostAsync($"/api/sessions/{sessionId}/resources", form, Ct);
    }

    public static async Task<JsonElement> ReadOkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
