using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Soak.Client;

/// <summary>A REST failure with the status and the problem details text.</summary>
public sealed class ApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>A signed-in user of the app: the token and REST calls against one server of the cluster.</summary>
public sealed class ApiUser
{
    // One connection pool for the whole run; requests carry their own address and token.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public ApiUser(Uri server, string id, string name, string role, string token)
    {
        Server = server;
        Id = id;
        Name = name;
        Role = role;
        Token = token;
    }

    /// <summary>The server this user's REST calls go to.</summary>
    public Uri Server { get; }

    public string Id { get; }

    public string Name { get; }

    public string Role { get; }

    public string Token { get; }

    /// <summary>The same user (same token) talking to another server of the cluster.</summary>
    public ApiUser On(Uri server) => new(server, Id, Name, Role, Token);

    public static async Task<ApiUser> LoginAsync(Uri server, string name, string role, CancellationToken ct = default)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(server, "/api/auth/login"), new { name, role }, ct);
        var body = await ReadAsync(response, ct);
        var user = body.GetProperty("user");
        return new ApiUser(server, user.GetProperty("_id").GetString()!, name, role, body.GetProperty("token").GetString()!);
    }

    public Task<JsonElement> GetAsync(string path, CancellationToken ct = default) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<JsonElement> PostAsync(string path, object? body = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : JsonContent.Create(body), ct);

    public Task<JsonElement> DeleteAsync(string path, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, path, null, ct);

    public async Task<string> CreateSessionAsync(string title, CancellationToken ct = default) =>
        (await PostAsync("/api/sessions", new { title }, ct)).GetProperty("_id").GetString()!;

    public Task<JsonElement> JoinAsync(string sessionId, CancellationToken ct = default) => PostAsync($"/api/sessions/{sessionId}/join", null, ct);

    public Task<JsonElement> EndAsync(string sessionId, CancellationToken ct = default) => PostAsync($"/api/sessions/{sessionId}/end", null, ct);

    /// <summary>A chat message over REST (the markers use it); returns the stored message.</summary>
    public Task<JsonElement> SendMessageAsync(string sessionId, string text, string? clientId = null, CancellationToken ct = default) =>
        PostAsync($"/api/sessions/{sessionId}/messages", new { text, clientId }, ct);

    public Task<JsonElement> CreatePollAsync(string sessionId, string question, string[] options, CancellationToken ct = default) =>
        PostAsync($"/api/sessions/{sessionId}/polls", new { type = "multiple", question, options }, ct);

    public Task<JsonElement> VoteAsync(string sessionId, string pollId, int optionIndex, CancellationToken ct = default) =>
        PostAsync($"/api/sessions/{sessionId}/polls/{pollId}/vote", new { optionIndex }, ct);

    public Task<JsonElement> UploadAsync(string sessionId, string fileName, byte[] content, string contentType = "text/plain", CancellationToken ct = default)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        return SendAsync(HttpMethod.Post, $"/api/sessions/{sessionId}/resources", form, ct);
    }

    /// <summary>The whole chat history of a session, oldest first (paged by <c>before</c>).</summary>
    public async Task<List<JsonElement>> AllMessagesAsync(string sessionId, CancellationToken ct = default)
    {
        var all = new List<JsonElement>();
        long? before = null;
        while (true)
        {
            var page = await GetAsync($"/api/sessions/{sessionId}/messages?limit=200" + (before is { } b ? $"&before={b}" : ""), ct);
            var items = page.EnumerateArray().ToList();
            all.InsertRange(0, items);
            if (items.Count < 200) return all;
            before = items[0].GetProperty("seq").GetInt64();
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(Server, path)) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await Http.SendAsync(request, ct);
        return await ReadAsync(response, ct);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new ApiException(response.StatusCode, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
