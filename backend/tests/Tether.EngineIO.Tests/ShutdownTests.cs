using System.Net;
using System.Net.WebSockets;
using Tether.EngineIO.Tests.Infrastructure;

namespace Tether.EngineIO.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Dispose_closes_every_session_and_refuses_new_ones()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (pollingSid, _) = await host.HandshakeAsync();
        var pendingGet = host.PollAsync(pollingSid);
        await host.WaitForWaitingGetAsync(pollingSid);

        using var ws = await host.ConnectWebSocketAsync();
        var open = await ws.ReceiveMessageAsync();
        var wsSid = System.Text.Json.JsonDocument.Parse(open.Text[1..]).RootElement.GetProperty("sid").GetString()!;
        Assert.Equal(2, host.Server.ClientsCount);

        var wsClose = ws.ReceiveMessageAsync(); // keeps reading so the client answers the close handshake
        await host.Server.DisposeAsync();

        Assert.Equal("1", await pendingGet.WaitAsync(TimeSpan.FromSeconds(10)));
        var close = await wsClose;
        Assert.Equal(WebSocketMessageType.Close, close.Type);
        Assert.Equal(EngineCloseReason.ServerClose, await host.Handler.WaitClosedAsync(pollingSid));
        Assert.Equal(EngineCloseReason.ServerClose, await host.Handler.WaitClosedAsync(wsSid));
        Assert.Equal(0, host.Server.ClientsCount);

        using var refused = await host.Http.GetAsync(EngineTestHost.PollingUrl());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
    }
}
