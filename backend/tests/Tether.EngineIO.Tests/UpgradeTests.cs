using System.Net;
using System.Net.WebSockets;
using Tether.EngineIO.Tests.Infrastructure;

namespace Tether.EngineIO.Tests;

public sealed class UpgradeTests
{
    [Fact]
    public async Task Full_upgrade_sequence()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, upgraded) = await host.UpgradeAsync();
        using var ws = upgraded;
        await ws.SendTextAsync("4over websocket");
        Assert.Equal("4over websocket", (await ws.ReceiveNonPingAsync()).Text);
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);

        // Polling requests for an upgraded session are refused.
        using var get = await host.Http.GetAsync(EngineTestHost.PollingUrl(sid));
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Equal("{\"code\":3,\"message\":\"Bad request\"}", await get.Content.ReadAsStringAsync());
        using var post = await host.PostAsync(sid, "4x");
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);

        // And so is a second WebSocket.
        using var second = new ClientWebSocket();
        await Assert.ThrowsAnyAsync<WebSocketException>(() => second.ConnectAsync(host.WebSocketUri(sid), CancellationToken.None));

        // The upgraded session still works and the refusals did not close it.
        await ws.SendTextAsync("4still");
        Assert.Equal("4still", (await ws.ReceiveNonPingAsync()).Text);
        Assert.False(host.Handler.IsClosed(sid));
        Assert.Equal(1, host.Server.ClientsCount);
    }

    [Fact]
    public async Task Messages_queued_during_the_upgrade_are_delivered_once()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        var connection = host.Handler.Connections[sid];
        using var ws = await host.ConnectWebSocketAsync(sid);
        await ws.SendTextAsync("2probe");
        Assert.Equal("3probe", (await ws.ReceiveMessageAsync()).Text);

        connection.Send(EngineMessage.Text("queued"));
        // No GET is pending: the message waits and goes over the WebSocket once upgraded.
        await ws.SendTextAsync("5");
        Assert.Equal("4queued", (await ws.ReceiveNonPingAsync()).Text);
    }

    [Fact]
    public async Task Second_websocket_while_upgrading_is_refused()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        using var ws = await host.ConnectWebSocketAsync(sid);
        await ws.SendTextAsync("2probe");
        Assert.Equal("3probe", (await ws.ReceiveMessageAsync()).Text);

        using var second = new ClientWebSocket();
        await Assert.ThrowsAnyAsync<WebSocketException>(() => second.ConnectAsync(host.WebSocketUri(sid), CancellationToken.None));

        await ws.SendTextAsync("5");
        await ws.SendTextAsync("4ok");
        Assert.Equal("4ok", (await ws.ReceiveNonPingAsync()).Text);
    }

    [Fact]
    public async Task Upgrade_that_does_not_complete_in_time_is_closed_and_polling_continues()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.UpgradeTimeout = TimeSpan.FromMilliseconds(300));
        var (sid, _) = await host.HandshakeAsync();
        using var ws = await host.ConnectWebSocketAsync(sid);
        await ws.SendTextAsync("2probe");
        Assert.Equal("3probe", (await ws.ReceiveMessageAsync()).Text);

        var close = await ws.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Close, close.Type);

        Assert.False(host.Handler.IsClosed(sid));
        Assert.Equal("polling", host.Handler.Connections[sid].TransportName);
        using var post = await host.PostAsync(sid, "4still polling");
        Assert.Equal("4still polling", await host.PollAsync(sid));

        // A later attempt can still succeed.
        using var again = await host.ConnectWebSocketAsync(sid);
        await again.SendTextAsync("2probe");
        Assert.Equal("3probe", (await again.ReceiveMessageAsync()).Text);
        await again.SendTextAsync("5");
        await again.SendTextAsync("4upgraded");
        Assert.Equal("4upgraded", (await again.ReceiveNonPingAsync()).Text);
    }

    [Fact]
    public async Task Unexpected_packet_during_probe_abandons_only_the_upgrade()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        using var ws = await host.ConnectWebSocketAsync(sid);
        await ws.SendTextAsync("4too early");
        Assert.Equal(WebSocketMessageType.Close, (await ws.ReceiveMessageAsync()).Type);
        Assert.False(host.Handler.IsClosed(sid));
        using var post = await host.PostAsync(sid, "4polling");
        Assert.Equal("4polling", await host.PollAsync(sid));
    }

    [Fact]
    public async Task Upgrade_is_refused_when_disabled()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.AllowUpgrades = false);
        var (sid, _) = await host.HandshakeAsync();
        using var ws = new ClientWebSocket();
        await Assert.ThrowsAnyAsync<WebSocketException>(() => ws.ConnectAsync(host.WebSocketUri(sid), CancellationToken.None));
    }

    [Fact]
    public async Task Closing_an_upgraded_session_closes_the_websocket()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        using var ws = await host.ConnectWebSocketAsync(sid);
        await ws.SendTextAsync("2probe");
        await ws.ReceiveMessageAsync();
        await ws.SendTextAsync("5");
        await ws.SendTextAsync("4server-close");
        Assert.Equal("4bye", (await ws.ReceiveNonPingAsync()).Text);
        Assert.Equal(WebSocketMessageType.Close, (await ws.ReceiveNonPingAsync()).Type);
        Assert.Equal(EngineCloseReason.ServerClose, await host.Handler.WaitClosedAsync(sid));
    }
}
