using System.Net.WebSockets;
using System.Text.Json;
using Tether.EngineIO.Tests.Infrastructure;

namespace Tether.EngineIO.Tests;

public sealed class WebSocketTests
{
    private static async Task<(ClientWebSocket Ws, string Sid, JsonElement Open)> OpenAsync(EngineTestHost host, Action<ClientWebSocketOptions>? configure = null)
    {
        var ws = await host.ConnectWebSocketAsync(configure: configure);
        var open = await ws.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Text, open.Type);
        Assert.StartsWith("0{", open.Text);
        var json = JsonDocument.Parse(open.Text[1..]).RootElement.Clone();
        return (ws, json.GetProperty("sid").GetString()!, json);
    }

    [Fact]
    public async Task WebSocket_as_first_transport_handshakes_and_echoes_text()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (ws, sid, open) = await OpenAsync(host);
        using var _ = ws;
        Assert.Empty(open.GetProperty("upgrades").EnumerateArray());
        Assert.Equal(25000, open.GetProperty("pingInterval").GetInt32());
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);

        await ws.SendTextAsync("4hello ✓");
        var echo = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Text, echo.Type);
        Assert.Equal("4hello ✓", echo.Text);
    }

    [Fact]
    public async Task Binary_frames_carry_raw_bytes_both_ways()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (ws, _, _) = await OpenAsync(host);
        using var _ = ws;
        byte[] data = [0, 1, 2, 0x34, 255];
        await ws.SendBinaryAsync(data);
        var echo = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Binary, echo.Type);
        Assert.Equal(data, echo.Data);
    }

    [Theory]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(300_000)]
    public async Task Messages_of_every_length_class_round_trip(int length)
    {
        await using var host = await EngineTestHost.StartAsync();
        var (ws, _, _) = await OpenAsync(host);
        using var _ = ws;
        var text = "4" + new string('z', length - 1);
        await ws.SendTextAsync(text);
        Assert.Equal(text, (await ws.ReceiveNonPingAsync()).Text);
    }

    [Fact]
    public async Task Fragmented_messages_are_reassembled()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (ws, _, _) = await OpenAsync(host);
        using var _ = ws;
        await ws.SendTextAsync("4frag", endOfMessage: false);
        await ws.SendTextAsync("men", endOfMessage: false);
        await ws.SendTextAsync("ted", endOfMessage: true);
        Assert.Equal("4fragmented", (await ws.ReceiveNonPingAsync()).Text);
    }

    [Fact]
    public async Task Many_messages_sent_at_once_arrive_in_order()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (ws, sid, _) = await OpenAsync(host);
        using var _ = ws;
        var connection = host.Handler.Connections[sid];
        for (int i = 0; i < 200; i++) Assert.True(connection.Send(EngineMessage.Text("m" + i)));
        for (int i = 0; i < 200; i++) Assert.Equal("4m" + i, (await ws.ReceiveNonPingAsync()).Text);
    }

    [Fact]
    public async Task Oversized_message_is_closed_with_1009()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxHttpBufferSize = 1000);
        var (ws, sid, _) = await OpenAsync(host);
        using var _ = ws;
        await ws.SendTextAsync("4" + new string('x', 2000));
        var close = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Close, close.Type);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, close.CloseStatus);
        Assert.Equal(EngineCloseReason.TransportError, await host.Handler.WaitClosedAsync(sid));
    }

    [Fact]
    public async Task Oversized_fragmented_message_is_closed_with_1009()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxHttpBufferSize = 1000);
        var (ws, sid, _) = await OpenAsync(host);
        using var _ = ws;
        await ws.SendTextAsync("4" + new string('x', 600), endOfMessage: false);
        await ws.SendTextAsync(new string('y', 600), endOfMessage: true);
        var close = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, close.CloseStatus);
        Assert.Equal(EngineCloseReason.TransportError, await host.Handler.WaitClosedAsync(sid));
    }

    [Fact]
    public async Task Invalid_packet_closes_only_that_connection()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (bystander, _, _) = await OpenAsync(host);
        using var b = bystander;
        var (ws, sid, _) = await OpenAsync(host);
        using var _ = ws;
        await ws.SendTextAsync("9nonsense");
        var close = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Close, close.Type);
        Assert.Equal(EngineCloseReason.TransportError, await host.Handler.WaitClosedAsync(sid));

        await bystander.SendTextAsync("4alive");
        Assert.Equal("4alive", (await bystander.ReceiveNonPingAsync()).Text);
        var (fresh, _, _) = await OpenAsync(host);
        using var f = fresh;
        await fresh.SendTextAsync("4fresh");
        Assert.Equal("4fresh", (await fresh.ReceiveNonPingAsync()).Text);
    }

    [Fact]
    public async Task Client_close_frame_closes_the_session()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (ws, sid, _) = await OpenAsync(host);
        using var _ = ws;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
        Assert.Equal(WebSocketState.Closed, ws.State);
        Assert.Equal(EngineCloseReason.TransportClose, await host.Handler.WaitClosedAsync(sid));
        Assert.Null(host.Server.FindSession(sid));
    }

    [Fact]
    public async Task Engine_close_packet_closes_the_session()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (ws, sid, _) = await OpenAsync(host);
        using var _ = ws;
        await ws.SendTextAsync("1");
        var close = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Close, close.Type);
        Assert.Equal(EngineCloseReason.ClientClose, await host.Handler.WaitClosedAsync(sid));
    }

    [Fact]
    public async Task Server_close_flushes_then_sends_a_close_frame()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (ws, sid, _) = await OpenAsync(host);
        using var _ = ws;
        await ws.SendTextAsync("4server-close");
        Assert.Equal("4bye", (await ws.ReceiveNonPingAsync()).Text);
        var close = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Close, close.Type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.CloseStatus);
        Assert.Equal(EngineCloseReason.ServerClose, await host.Handler.WaitClosedAsync(sid));
        Assert.Equal(1, host.Handler.CloseCount(sid));
    }

    [Fact]
    public async Task WebSocket_pings_are_answered_with_pongs()
    {
        await using var host = await EngineTestHost.StartAsync();
        // .NET's client aborts the connection when a keep-alive ping is not answered within the timeout.
        var (ws, _, _) = await OpenAsync(host, o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(50);
            o.KeepAliveTimeout = TimeSpan.FromMilliseconds(500);
        });
        using var _ = ws;
        // The client only processes pongs while a receive is pending.
        var receive = ws.ReceiveNonPingAsync();
        await Task.Delay(800); // several keep-alive rounds
        await ws.SendTextAsync("4still");
        Assert.Equal("4still", (await receive).Text);
        Assert.Equal(WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task Client_that_stops_reading_is_dropped_as_slow_consumer()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxBufferedBytes = 1024 * 1024);
        var (ws, sid, _) = await OpenAsync(host);
        using var _ = ws;
        var connection = host.Handler.Connections[sid];
        var chunk = EngineMessage.Binary(new byte[64 * 1024]);
        // The client never reads again: TCP and Kestrel buffers fill, then the queue passes the limit.
        int sent = 0;
        while (connection.Send(chunk))
        {
            if (++sent > 20_000) Assert.Fail("the send queue never hit its limit");
            if (sent % 64 == 0) await Task.Yield();
        }
        Assert.Equal(EngineCloseReason.SlowConsumer, await host.Handler.WaitClosedAsync(sid));
        Assert.False(connection.IsOpen);
        Assert.Equal(0, host.Server.ClientsCount);
    }

    [Fact]
    public async Task Handshake_without_a_valid_key_is_refused()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/engine.io/?EIO=4&transport=websocket");
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", "short");
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(0, host.Server.ClientsCount);
    }
}
