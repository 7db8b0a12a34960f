using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// Several namespaces over one Engine.IO connection (the npm client's Manager with several sockets). SocketIOClient
/// opens one connection per socket, so these run with the npm client only.
/// </summary>
public sealed class MultiplexingTests
{
    [Theory]
    [MemberData(nameof(ClientMatrix.NodeOnly), MemberType = typeof(ClientMatrix))]
    public async Task Two_namespaces_share_one_connection(TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(ClientKind.Node, mode);
        var main = s.Clients.CreateNode("main", "/", manager: "m");
        var custom = s.Clients.CreateNode("custom", "/custom", Json.Parse("""{"token":"c"}"""), manager: "m");

        await main.ConnectAsync();
        await custom.ConnectAsync();

        Json.Equal("[{}]", await main.EventAsync("auth"));
        Json.Equal("""[{"token":"c"}]""", await custom.EventAsync("auth"));
        Assert.Equal(1, s.Server.Io.ClientsCount);
        Assert.Equal(1, s.Server.Transports.Log.Count(r => r.Str("sid") == "" && r.Str("method") == "GET"));

        // Each namespace gets its own traffic.
        await main.EmitAsync("message", "to main");
        await s.Server.Io.Of("/custom").EmitAsync("notice", "to custom");
        Json.Equal("""["to main"]""", await main.EventAsync("message-back"));
        Json.Equal("""["to custom"]""", await custom.EventAsync("notice"));
        await s.Server.Io.EmitAsync("marker");
        await main.EventAsync("marker");
        Assert.Equal(0, main.CountEvents("notice"));
        Assert.Equal(0, custom.CountEvents("message-back"));
        Assert.Equal(0, custom.CountEvents("marker"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.NodeOnly), MemberType = typeof(ClientMatrix))]
    public async Task Refused_namespace_leaves_the_others_connected(TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(ClientKind.Node, mode);
        var main = s.Clients.CreateNode("main", "/", manager: "m");
        var denied = s.Clients.CreateNode("denied", "/auth", Json.Parse("""{"token":"no"}"""), manager: "m");
        var invalid = s.Clients.CreateNode("invalid", "/nowhere", manager: "m");

        await main.ConnectAsync();
        var error = await denied.ConnectExpectingErrorAsync();
        var invalidError = await invalid.ConnectExpectingErrorAsync();

        Assert.Equal("unauthorized", error.Str("message"));
        Json.Equal("""{"code":401}""", error["data"]);
        Assert.Equal("Invalid namespace", invalidError.Str("message"));
        await main.EmitAsync("message", "still here");
        Json.Equal("""["still here"]""", await main.EventAsync("message-back"));
        Assert.Equal(1, s.Server.Io.ClientsCount);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.NodeOnly), MemberType = typeof(ClientMatrix))]
    public async Task Leaving_one_namespace_keeps_the_connection_for_the_other(TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(ClientKind.Node, mode);
        var main = s.Clients.CreateNode("main", "/", manager: "m");
        var custom = s.Clients.CreateNode("custom", "/custom", manager: "m");
        await main.ConnectAsync();
        await custom.ConnectAsync();

        await custom.DisconnectAsync();

        Assert.Equal("client namespace disconnect", (await s.Server.Observer.DisconnectAsync(custom.Sid!, "/custom")).Str("reason"));
        await main.EmitAsync("message", "after");
        Json.Equal("""["after"]""", await main.EventAsync("message-back"));
        Assert.Equal(1, s.Server.Io.ClientsCount);
        Assert.Empty(s.Server.Io.Of("/custom").Sockets);
    }
}
