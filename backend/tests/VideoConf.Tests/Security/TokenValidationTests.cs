using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Security;

/// <summary>
/// Hole 4: a token that is expired, signed with another key, unsigned (alg none), or for another audience or
/// issuer gets REST 401 and a socket <c>connect_error</c> <c>unauthorized</c> with <c>data: {code: 401}</c>. Each
/// bad token differs from an accepted one in that one respect, and names a user who has joined the session, so a
/// token accepted by mistake would connect.
/// </summary>
public sealed class TokenValidationTests : SecurityTest
{
    private const string MemberId = "minted-member";

    protected override IDictionary<string, string?> MoreSettings => new Dictionary<string, string?>
    {
        ["Auth:SigningKey"] = TestTokens.SigningKey,
    };

    public static TheoryData<string> BadTokens =>
    [
        "expired", "other-key", "other-key-rsa", "alg-none", "signature-stripped", "other-audience", "other-issuer", "no-expiry", "no-subject",
        "garbage", "empty-bearer",
    ];

    private static string Bad(string kind) => kind switch
    {
        "expired" => TestTokens.Expired(MemberId),
        "other-key" => TestTokens.OtherKey(MemberId),
        "other-key-rsa" => TestTokens.OtherKeyRsa(MemberId),
        "alg-none" => TestTokens.AlgNone(MemberId),
        "signature-stripped" => TestTokens.SignatureStripped(MemberId),
        "other-audience" => TestTokens.OtherAudience(MemberId),
        "other-issuer" => TestTokens.OtherIssuer(MemberId),
        "no-expiry" => TestTokens.WithoutExpiry(MemberId),
        "no-subject" => TestTokens.WithoutSubject(),
        "garbage" => "eyJhbGciOiJIUzI1NiJ9.e30.x",
        "empty-bearer" => " ",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A session the minted user has joined with a valid minted token.</summary>
    private async Task<string> SessionWithMintedMemberAsync()
    {
        var coach = await LoginAsync("Coach", "coach");
        var sessionId = await coach.CreateSessionAsync();
        using var member = new HttpClient { BaseAddress = App.BaseAddress };
        member.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Valid(MemberId));
        var joined = await member.PostAsync($"/api/sessions/{sessionId}/join", null, Ct);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        return sessionId;
    }

    private async Task<HttpStatusCode> RestStatusAsync(string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return (await App.Http.SendAsync(request, Ct)).StatusCode;
    }

    private async Task<(bool Connected, JsonElement Payload)> SocketAnswerAsync(string token, string sessionId)
    {
        await using var polling = await PollingClient.OpenAsync(App, sessionId);
        return await polling.ConnectNamespaceAsync("/video", new { token });
    }

    [Fact]
    public async Task A_valid_minted_token_is_accepted_so_the_refusals_below_are_about_the_one_difference()
    {
        var sessionId = await SessionWithMintedMemberAsync();
        var token = TestTokens.Valid(MemberId);

        Assert.Equal(HttpStatusCode.OK, await RestStatusAsync(token, $"/api/sessions/{sessionId}"));
        var (connected, payload) = await SocketAnswerAsync(token, sessionId);
        Assert.True(connected, payload.ToString());
        await using var client = await VideoClient.ConnectAsync(App, token, sessionId, MemberId);
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_gets_401_on_rest_and_unauthorized_401_on_the_socket(string kind)
    {
        var sessionId = await SessionWithMintedMemberAsync();
        var token = Bad(kind);

        Assert.Equal(HttpStatusCode.Unauthorized, await RestStatusAsync(token, $"/api/sessions/{sessionId}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await RestStatusAsync(token, $"/api/sessions/{sessionId}/messages"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Http.GetAsync(
            $"/api/sessions/{sessionId}/resources/none/download?token={Uri.EscapeDataString(token)}", Ct)).StatusCode);

        var (connected, payload) = await SocketAnswerAsync(token, sessionId);
        Assert.False(connected, $"{kind}: connected with {payload}");
        Assert.Equal("unauthorized", payload.GetProperty("message").GetString());
        Assert.Equal(401, payload.GetProperty("data").GetProperty("code").GetInt32());

        // The same through a real client, token in the auth and in the query.
        var viaAuth = await Assert.ThrowsAsync<ConnectRefusedException>(() => VideoClient.ConnectAsync(App, token, sessionId, MemberId));
        Assert.Equal("unauthorized", viaAuth.Message);
        var viaQuery = await Assert.ThrowsAsync<ConnectRefusedException>(() => VideoClient.ConnectAsync(App, token, sessionId, tokenInQuery: true));
        Assert.Equal("unauthorized", viaQuery.Message);
    }

    [Fact]
    public async Task Bad_tokens_are_refused_on_every_write_route_too()
    {
        var sessionId = await SessionWithMintedMemberAsync();
        foreach (var kind in new[] { "expired", "alg-none", "other-key", "other-audience", "other-issuer" })
        {
            using var client = new HttpClient { BaseAddress = App.BaseAddress };
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + Bad(kind));
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/sessions/{sessionId}/join", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/sessions/{sessionId}/leave", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/sessions", JsonContent("{\"title\":\"t\"}"), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/sessions/{sessionId}/messages", JsonContent("{\"text\":\"t\"}"), Ct)).StatusCode);
        }
        // The member is still a member and nothing was written.
        var coachView = await TestUser.ReadOkAsync(await App.Http.SendAsync(Authorized(HttpMethod.Get, $"/api/sessions/{sessionId}/messages", TestTokens.Valid(MemberId)), Ct));
        Assert.Empty(coachView.EnumerateArray());
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
