using System.Net;
using System.Net.WebSockets;
using Tether.EngineIO.Tests.Infrastructure;

namespace Tether.EngineIO.Tests;

/// <summary>WebSockets over HTTP/2 (RFC 8441 extended CONNECT), which browsers use against HTTP/2 servers.</summary>
public sealed class Http2WebSocketTests
{
    [Fact]
    public async Task WebSocket_first_transport_works_over_http2()
    {
        await using var host = await EngineTestHost.StartAsync(http2: true);
        using var ws = await host.ConnectWebSocketAsync();
        var open = await ws.ReceiveMessageAsync();
        Assert.StartsWith("0{", open.Text);
        await ws.SendTextAsync("4over h2");
        Assert.Equal("4over h2", (await ws.ReceiveNonPingAsync()).Text);
        await ws.SendBinaryAsync([1, 2, 3]);
        var binary = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, binary.Data);
    }

    [Fact]
    public async Task Polling_upgrades_to_websocket_over_http2()
    {
        await using var host = await EngineTestHost.StartAsync(http2: true);
        var (sid, upgraded) = await host.UpgradeAsync();
        using var ws = upgraded;
        await ws.SendTextAsync("4upgraded");
        Assert.Equal("4upgraded", (await ws.ReceiveNonPingAsync()).Text);
        using var get = await host.Http.GetAsync(EngineTestHost.PollingUrl(sid));
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
    }
}
