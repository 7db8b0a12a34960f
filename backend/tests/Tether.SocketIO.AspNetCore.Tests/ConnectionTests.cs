using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>Joining namespaces: the auth payload, refusals by the server and by namespace middleware.</summary>
public sealed class ConnectionTests
{
    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Connect_with_auth_gets_the_auth_payload_back(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = s.Clients.Create("a", auth: Json.Parse("""{"token":"abc","n":1,"nested":{"list":[1,"2",true,null]}}"""));

        var sid = await client.ConnectAsync();

        Json.Equal("""[{"token":"abc","n":1,"nested":{"list":[1,"2",true,null]}}]""", await client.EventAsync("auth"));
        await s.Server.Observer.SocketAsync(sid);
        await s.Server.Transports.AssertModeAsync(mode, kind);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Connect_without_auth_gets_an_empty_object(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);

        var client = await s.Clients.ConnectAsync("a");

        Json.Equal("[{}]", await client.EventAsync("auth"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Custom_namespace_gets_its_auth_payload(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);

        var client = await s.Clients.ConnectAsync("a", "/custom", Json.Parse("""{"token":"xyz"}"""));

        Json.Equal("""[{"token":"xyz"}]""", await client.EventAsync("auth"));
        await s.Server.Observer.SocketAsync(client.Sid!, "/custom");
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Unknown_namespace_is_refused_as_invalid(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);

        var error = await s.Clients.Create("a", "/nowhere").ConnectExpectingErrorAsync();

        Assert.Equal("Invalid namespace", error.Str("message"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Middleware_refusal_carries_message_and_data(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);

        var error = await s.Clients.Create("a", "/auth", Json.Parse("""{"token":"wrong"}""")).ConnectExpectingErrorAsync();

        Assert.Equal("unauthorized", error.Str("message"));
        // SocketIOClient 3.0.6 only surfaces the message; the npm client gives the data too.
        if (kind == ClientKind.Node) Json.Equal("""{"code":401}""", error["data"]);
        Assert.Equal(0, s.Server.Observer.Log.Count(r => r.Str("nsp") == "/auth"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Middleware_lets_the_right_token_in(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);

        var client = await s.Clients.ConnectAsync("a", "/auth", Json.Parse("""{"token":"ok"}"""));

        Json.Equal("""["/auth"]""", await client.EventAsync("welcome"));
    }
}
