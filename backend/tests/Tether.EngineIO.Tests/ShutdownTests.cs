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

    [Fact]
    public async Task StopAcceptingSessions_refuses_handshakes_while_open_sessions_keep_working()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();

        host.Server.StopAcceptingSessions();

        using var refused = await host.Http.GetAsync(EngineTestHost.PollingUrl());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        using var post = await host.PostAsync(sid, "4still here");
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("4still here", await host.PollAsync(sid).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Dispose_waits_for_the_next_GET_of_a_polling_session_with_queued_packets()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        var connection = host.Handler.Connections[sid];
        for (var i = 0; i < 3; i++) connection.Send(EngineMessage.Text("m" + i));

        // No GET is pending: the packets wait in the queue while the server shuts down.
        var disposing = host.Server.DisposeAsync().AsTask();
        Assert.False(disposing.IsCompleted);

        var body = await host.PollAsync(sid).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("4m0\u001e4m1\u001e4m2\u001e1", body);
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, host.Server.ClientsCount);
    }
}
