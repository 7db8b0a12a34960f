using System.Net;
using System.Net.WebSockets;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Hosting;

/// <summary>
/// Stopping the host (what SIGTERM does): new handshakes get 503, what is queued is delivered, then the clients get
/// an Engine.IO close (reconnectable, unlike a DISCONNECT packet), and recovery sessions are persisted.
/// </summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task StoppingTheHost_DeliversQueuedMessages_ThenClosesTheTransport_AndRefusesNewSessions()
    {
        var host = await KestrelHost.StartAsync(o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        try
        {
            var (pollingSid, pollingSocketId) = await RawClients.ConnectPollingAsync(host);
            var (ws, _) = await RawClients.ConnectWebSocketAsync(host);
            var shuttingDown = Signals.Create<string>();
            host.Server.Sockets.Sockets[pollingSocketId].Disconnected += (_, reason) =>
            {
                shuttingDown.TrySetResult(reason);
                return Task.CompletedTask;
            };

            // Queued for the polling client, which has no GET pending.
            for (var i = 0; i < 10; i++) await host.Server.EmitAsync("bye", i);
            var stopping = host.App.StopAsync();

            Assert.Equal(DisconnectReasons.ServerShuttingDown, await shuttingDown.WithTimeout());
            using (var refused = await host.Http.GetAsync(host.PollingUrl()))
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

            // The polling client's next GET gets every queued packet, then the Engine.IO close packet.
            var body = await host.Http.GetStringAsync(host.PollingUrl(pollingSid));
            var packets = body.Split('\u001e');
            Assert.Equal(11, packets.Length);
            for (var i = 0; i < 10; i++) Assert.StartsWith($"42[\"bye\",{i},", packets[i]);
            Assert.Equal("1", packets[^1]);

            // The WebSocket client gets every message, then a close frame (no Socket.IO DISCONNECT packet).
            var received = new List<string>();
            while (await RawClients.ReceiveTextAsync(ws) is { } text) received.Add(text);
            Assert.Equal(10, received.Count);
            Assert.All(received, t => Assert.StartsWith("42[\"bye\",", t));
            Assert.Equal(WebSocketState.CloseReceived, ws.State);

            await stopping.WaitAsync(TimeSpan.FromSeconds(20));
            var adapter = Assert.IsType<InMemoryAdapter>(host.Server.Sockets.Adapter);
            Assert.Equal(2, adapter.Recovery!.SessionCount); // both can recover on a server that shares sessions
            Assert.Empty(host.Logs.Errors);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
