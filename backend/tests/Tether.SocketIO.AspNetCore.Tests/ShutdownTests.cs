using System.Diagnostics;
using System.Net;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>Stopping the server with sessions in various states.</summary>
public sealed class ShutdownTests
{
    /// <summary>
    /// A polling session with no GET in flight cannot be sent a close packet; Node's engine.io discards such
    /// sessions on close() instead of waiting for the client to poll. Abandoned polling sessions are common (a
    /// browser tab that went away, SocketIOClient's AutoUpgrade which leaves its handshake session behind), so
    /// waiting for them delays every shutdown.
    /// </summary>
    [Fact]
    public async Task Shutdown_does_not_wait_for_an_idle_polling_session()
    {
        await using var server = await TestServer.StartAsync();
        using var idle = await RawPolling.OpenAsync(server.Url, "/socket.io/");
        using (var join = await idle.PostAsync("40")) Assert.Equal(HttpStatusCode.OK, join.StatusCode);
        await server.Observer.Log.WaitAsync(r => r.Type() == "connection", "the polling client to join /");

        var clock = Stopwatch.StartNew();
        await server.Io.ShutdownAsync().WaitAsync(Timeouts.Default, TestContext.Current.CancellationToken);

        Assert.True(clock.ElapsedMilliseconds < 2000, $"shutdown took {clock.ElapsedMilliseconds} ms with one idle polling session");
        Assert.Equal("server shutting down", server.Observer.Log.Snapshot().Single(r => r.Type() == "disconnect").Str("reason"));
    }

    [Fact]
    public async Task Shutdown_closes_websocket_sessions_promptly()
    {
        await using var server = await TestServer.StartAsync();
        await using var socket = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);

        var clock = Stopwatch.StartNew();
        await server.Io.ShutdownAsync().WaitAsync(Timeouts.Default, TestContext.Current.CancellationToken);

        await socket.WaitClosedAsync();
        Assert.True(clock.ElapsedMilliseconds < 2000, $"shutdown took {clock.ElapsedMilliseconds} ms with one WebSocket session");
    }
}
