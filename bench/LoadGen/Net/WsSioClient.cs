using System.Net;

namespace LoadGen.Net;

/// <summary>A Socket.IO client over a direct WebSocket (<c>transport=websocket</c>, no polling first).</summary>
internal sealed class WsSioClient : SioClient
{
    private readonly WsConnection _ws;

    private WsSioClient(WsConnection ws, string nsp, bool raw) : base(nsp, raw) => _ws = ws;

    public override bool IsClosed => _ws.IsClosed;

    /// <summary>
    /// Connects and joins the namespace. Against a raw echo server (<paramref name="raw"/>) it only opens the
    /// WebSocket at <c>/ws</c>.
    /// </summary>
    public static async Task<WsSioClient> ConnectAsync(IPEndPoint server, string nsp, bool raw, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var path = raw ? "/ws" : "/socket.io/?EIO=4&transport=websocket";
        var ws = await WsConnection.ConnectAsync(server, path, cts.Token);
        var client = new WsSioClient(ws, nsp, raw);
        _ = client.ReceiveAsync();
        try
        {
            await client.Connected.WaitAsync(cts.Token);
        }
        catch
        {
            client.Abort();
            throw;
        }
        return client;
    }

    private async Task ReceiveAsync()
    {
        // Each WebSocket message is one Engine.IO packet. A raw echo sends back the packet we sent ("42/video,..."),
        // which goes the same way and reaches the scenario as an EVENT carrying our ack id.
        await _ws.RunAsync(OnEngineIOPacket);
        OnTransportClosed();
    }

    public override bool Send(ReadOnlySpan<byte> engineIOPacket) => _ws.SendText(engineIOPacket);

    public override void Abort() => _ws.Abort();
}
