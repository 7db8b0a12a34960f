using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;

namespace Tether.EngineIO.Connections;

/// <summary>
/// Kestrel connection middleware that takes Engine.IO WebSocket handshakes before the HTTP layer sees them, the way
/// Node's socket.io takes them from the HTTP server's <c>upgrade</c> event. Such a connection then carries only the
/// socket, its pipes and the session: none of the HTTP/1.1 connection state (request and response objects, header
/// collections, the upgraded request kept open for the socket's whole life) Kestrel keeps for an upgraded request, and
/// none of the per-request work of the HTTP pipeline at connect. Every other connection (other paths, polling, TLS,
/// HTTP/2, anything unusual) is handed to the next middleware untouched, after a look at its first bytes.
/// </summary>
internal sealed class DirectWebSocketMiddleware(ConnectionDelegate next, Func<EngineServer> resolveServer)
{
    private EngineServer? _server;

    public Task OnConnectedAsync(ConnectionContext connection)
    {
        var server = _server ??= resolveServer();
        if (!server.AcceptsDirectWebSockets) return next(connection);
        var input = connection.Transport.Input;
        return input.TryRead(out var result) ? Dispatch(server, connection, result) : ReadThenDispatchAsync(server, connection);
    }

    private async Task ReadThenDispatchAsync(EngineServer server, ConnectionContext connection)
    {
        // Two awaits in sequence rather than one async method around both: the peek's state (the timeout, the read
        // result) is garbage once it is done, while the socket's task stays awaited for the connection's whole life.
        var result = await ReadFirstBytesAsync(connection.Transport.Input).ConfigureAwait(false);
        if (result is null) server.OnSilentConnection();
        await (result is { } read ? Dispatch(server, connection, read) : next(connection)).ConfigureAwait(false);
    }

    private static async Task<ReadResult?> ReadFirstBytesAsync(PipeReader input)
    {
        using var timeout = new CancellationTokenSource(EngineServer.FirstBytesTimeout);
        try
        {
            return await input.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private Task Dispatch(EngineServer server, ConnectionContext connection, ReadResult result)
    {
        var input = connection.Transport.Input;
        var buffer = result.Buffer;
        var request = DirectUpgradeRequest.TryParse(buffer, server.DirectPath);
        if (request is null || !server.CanTakeDirect(request))
        {
            // Nothing consumed, nothing examined: Kestrel's HTTP layer reads the same bytes at once.
            input.AdvanceTo(buffer.Start);
            return next(connection);
        }
        // Bytes after the head (a client that did not wait for the 101) stay in the pipe for the WebSocket.
        input.AdvanceTo(buffer.GetPosition(request.HeadLength));
        var secure = connection.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>() is not null;
        return server.RunDirectWebSocketAsync(request, connection, new DuplexPipeStream(connection.Transport), connection.RemoteEndPoint, secure);
    }
}
