using System.Net.WebSockets;
using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Hosting;

/// <summary>The send buffer limit (EngineIOOptions.MaxBufferedBytes) seen through the Socket.IO layer.</summary>
public sealed class SlowConsumerTests
{
    [Fact]
    public async Task AClientThatStopsReading_IsDropped_WhileTheOthersGetEverything()
    {
        await using var host = await KestrelHost.StartAsync(o => o.Engine.MaxBufferedBytes = 256 * 1024);
        var (slow, slowId) = await RawClients.ConnectWebSocketAsync(host, o => o.SetBuffer(1024, 1024));
        var (fast, _) = await RawClients.ConnectWebSocketAsync(host);
        var reason = Signals.Create<string>();
        host.Server.Sockets.Sockets[slowId].Disconnected += (_, r) =>
        {
            reason.TrySetResult(r);
            return Task.CompletedTask;
        };

        // 64 KB per broadcast, paced by the fast client (so only the slow one accumulates a backlog) until the slow
        // one is dropped: its socket buffers fill, then its queue passes the limit.
        var payload = new string('x', 64 * 1024);
        var sent = 0;
        while (!reason.Task.IsCompleted && sent < 2000)
        {
            await host.Server.EmitAsync("blob", sent, payload);
            var text = await RawClients.ReceiveTextAsync(fast);
            Assert.StartsWith($"42[\"blob\",{sent},", text);
            sent++;
        }

        Assert.Equal(DisconnectReasons.TransportError, await reason.WithTimeout());
        Assert.Contains(host.Logs.Entries, e => e.Category == "Tether.EngineIO.EngineSession" && e.Message.Contains("slow consumer"));
        // The others are unaffected.
        await host.Server.EmitAsync("after", 1);
        Assert.Equal("42[\"after\",1]", await RawClients.ReceiveTextAsync(fast));
        Assert.Equal(1, host.Server.ClientsCount);
        slow.Abort();
    }
}
