using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Tether.SocketIO.Tests.Infrastructure;

/// <summary>Minimal protocol-level clients for the tests that need control over reading (polling, raw WebSocket).</summary>
internal static class RawClients
{
    /// <summary>Polling handshake and CONNECT to "/": returns the Engine.IO sid and the socket id.</summary>
    public static async Task<(string EngineSid, string SocketId)> ConnectPollingAsync(KestrelHost host)
    {
        var open = await host.Http.GetStringAsync(host.PollingUrl());
        var engineSid = JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        using (var post = await host.Http.PostAsync(host.PollingUrl(engineSid), new StringContent("40")))
            post.EnsureSuccessStatusCode();
        var reply = await host.Http.GetStringAsync(host.PollingUrl(engineSid));
        var connect = reply.Split('\u001e').First(p => p.StartsWith("40{", StringComparison.Ordinal));
        return (engineSid, JsonDocument.Parse(connect[2..]).RootElement.GetProperty("sid").GetString()!);
    }

    /// <summary>WebSocket handshake and CONNECT to "/": returns the socket and the socket id.</summary>
    public static async Task<(ClientWebSocket Socket, string SocketId)> ConnectWebSocketAsync(KestrelHost host, Action<ClientWebSocketOptions>? configure = null)
    {
        var ws = new ClientWebSocket();
        configure?.Invoke(ws.Options);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await ws.ConnectAsync(host.WebSocketUri, cts.Token);
        var open = await ReceiveTextAsync(ws);
        Assert.StartsWith("0{", open);
        await ws.SendAsync(Encoding.UTF8.GetBytes("40"), WebSocketMessageType.Text, true, cts.Token);
        var reply = await ReceiveTextAsync(ws);
        Assert.StartsWith("40{", reply);
        return (ws, JsonDocument.Parse(reply[2..]).RootElement.GetProperty("sid").GetString()!);
    }

    /// <summary>The next text message (null on a close frame); server pings are answered and skipped.</summary>
    public static async Task<string?> ReceiveTextAsync(ClientWebSocket ws, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var data = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await ws.ReceiveAsync(buffer, cts.Token);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                data.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            var text = Encoding.UTF8.GetString(data.ToArray());
            if (text == "2")
            {
                await ws.SendAsync("3"u8.ToArray(), WebSocketMessageType.Text, true, cts.Token);
                continue;
            }
            return text;
        }
    }
}
