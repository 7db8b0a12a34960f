using System.Net.WebSockets;
using Tether.EngineIO.Tests.Infrastructure;
using Tether.EngineIO.WebSockets;
using static Tether.EngineIO.Tests.DirectWebSocketTests;

namespace Tether.EngineIO.Tests;

/// <summary>
/// WebSocket handshakes taken at accept (<c>WebHost.UseEngineIOTransport</c>): the session runs on the bare socket,
/// and every other connection reaches Kestrel with its bytes unread.
/// </summary>
public sealed class SocketTransportTests
{
    private const string WebSocketQuery = "EIO=4&transport=websocket";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WebSocket_session_runs_on_the_socket_and_echoes_text_and_binary()
    {
        await using var host = await EngineTestHost.StartAsync(transport: true);
        using var ws = await host.ConnectWebSocketAsync();
        var (sid, _) = await ReadOpenAsync(ws);
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);

        await ws.SendTextAsync("4hello ✓");
        Assert.Equal("4hello ✓", (await ws.ReceiveNonPingAsync()).Text);
        byte[] data = [0, 1, 2, 0x34, 255];
        await ws.SendBinaryAsync(data);
        Assert.Equal(data, (await ws.ReceiveNonPingAsync()).Data);
        // Server-initiated sends take the socket's plain send path.
        Assert.True(host.Handler.Connections[sid].Send(EngineMessage.Text(new string('x', 200_000))));
        Assert.Equal("4" + new string('x', 200_000), (await ws.ReceiveNonPingAsync()).Text);
        Assert.Empty(host.HttpRequests);

        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).WaitAsync(Timeout);
        await host.Handler.WaitClosedAsync(sid);
        Assert.Equal(0, host.Server.ClientsCount);
    }

    [Fact]
    public async Task Raw_handshake_gets_101_and_frames_sent_with_the_head_are_processed()
    {
        await using var host = await EngineTestHost.StartAsync(transport: true);
        using var raw = await RawConnection.ConnectAsync(host);
        var head = System.Text.Encoding.ASCII.GetBytes(UpgradeHead(host));
        await raw.WriteAsync([.. head, .. RawConnection.Frame(WebSocketOpcode.Text, "4right behind"u8)]);
        var response = await raw.ReadHeadAsync();
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", response);
        Assert.Equal(["s3pPLMBiTxaQ9kYGzzhZRbK+xOo="], HeaderLines(response, "Sec-WebSocket-Accept"));
        await raw.ReadOpenAsync();
        Assert.Equal("4right behind", await raw.ReadTextAsync());
        Assert.Empty(host.HttpRequests);
    }

    [Fact]
    public async Task Other_connections_reach_kestrel_with_their_bytes_unread()
    {
        await using var host = await EngineTestHost.StartAsync(transport: true);
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync($"GET /nothing HTTP/1.1\r\nHost: {host.BaseUri.Authority}\r\n\r\n");
        Assert.Equal(404, (await raw.ReadResponseAsync()).Status);

        // Polling, and the polling session's upgrade over the socket path.
        var (sid, _) = await host.HandshakeAsync();
        var pendingGet = host.PollAsync(sid);
        await host.WaitForWaitingGetAsync(sid);
        using var ws = await host.ConnectWebSocketAsync(sid);
        await ws.SendTextAsync("2probe");
        Assert.Equal("3probe", (await ws.ReceiveMessageAsync()).Text);
        Assert.Equal("6", await pendingGet.WaitAsync(Timeout));
        await ws.SendTextAsync("5");
        await ws.SendTextAsync("4upgraded");
        Assert.Equal("4upgraded", (await ws.ReceiveNonPingAsync()).Text);
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);
        Assert.Equal(["GET /nothing"], host.HttpRequests.Where(r => !r.Contains("transport=polling", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Unknown_sid_gets_the_http_error_answer()
    {
        await using var host = await EngineTestHost.StartAsync(transport: true);
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host, query: WebSocketQuery + "&sid=nope"));
        var refused = await raw.ReadResponseAsync();
        Assert.Equal(400, refused.Status);
        Assert.Equal("""{"code":1,"message":"Session ID unknown"}""", refused.Body);
    }

    [Fact]
    public async Task Oversized_message_closes_only_its_connection()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxHttpBufferSize = 1000, transport: true);
        using var big = await host.ConnectWebSocketAsync();
        using var other = await host.ConnectWebSocketAsync();
        await ReadOpenAsync(big);
        var (otherSid, _) = await ReadOpenAsync(other);
        try
        {
            await big.SendTextAsync("4" + new string('y', 5000));
        }
        catch (WebSocketException)
        {
            // The server may close before the whole frame is written.
        }
        var closing = await big.ReceiveAsync(new byte[64], CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
        Assert.Equal((WebSocketCloseStatus)1009, big.CloseStatus);

        await other.SendTextAsync("4still here");
        Assert.Equal("4still here", (await other.ReceiveNonPingAsync()).Text);
        Assert.False(host.Handler.IsClosed(otherSid));
    }

    [Fact]
    public async Task Server_dispose_closes_socket_sessions_with_a_close_frame()
    {
        await using var host = await EngineTestHost.StartAsync(transport: true);
        using var ws = await host.ConnectWebSocketAsync();
        var (sid, _) = await ReadOpenAsync(ws);
        var disposing = host.Server.DisposeAsync().AsTask();
        var closing = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Close, closing.Type);
        Assert.Equal(EngineCloseReason.ServerClose, await host.Handler.WaitClosedAsync(sid));
        await disposing.WaitAsync(Timeout);
        Assert.Equal(0, host.Server.ClientsCount);
        await host.App.StopAsync().WaitAsync(Timeout);
    }
}
