using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Tether.EngineIO.Connections;
using Tether.EngineIO.Internal;
using Tether.EngineIO.WebSockets;

namespace Tether.EngineIO;

public sealed partial class EngineServer
{
    private string? _directPath;

    /// <summary>The Engine.IO path as the connection-level handshake matches it: no trailing slash.</summary>
    internal string DirectPath => _directPath ??= "/" + Options.Path.Trim('/');

    /// <summary>
    /// Whether WebSocket handshakes may be taken at the connection level right now. Not when an
    /// <see cref="EngineIOOptions.AllowRequest"/> hook needs the HttpContext, nor while shutting down (Kestrel's HTTP
    /// path then answers 503).
    /// </summary>
    internal bool AcceptsDirectWebSockets
        => Options.AllowRequest is null && Options.Transports.Contains(WebSocketName) && !IsRefusingSessions;

    /// <summary>Whether this server takes a parsed request; if not, it goes to Kestrel, which answers any error.</summary>
    internal bool CanTakeDirect(DirectUpgradeRequest request)
    {
        var sid = request.Sid;
        if (sid.Length == 0) return true;
        return FindSession(sid) is { } session && CanUpgrade(session);
    }

    /// <summary>Answers the handshake with 101 and runs the WebSocket (a new session, or a polling session's upgrade).</summary>
    internal Task RunDirectWebSocketAsync(ConnectionContext connection, DirectUpgradeRequest request)
    {
        var sid = request.Sid;
        var stream = new DuplexPipeStream(connection.Transport);
        if (sid.Length > 0)
        {
            WriteSwitchingProtocols(connection, request.Key, newSid: null);
            return RunDirectUpgradeAsync(connection, sid, stream);
        }

        var newSid = SessionId.Generate();
        var handshake = new EngineHandshakeRequest(
            request,
            (connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString() ?? "",
            secure: connection.Features.Get<Microsoft.AspNetCore.Connections.Features.ITlsHandshakeFeature>() is not null);
        // Not flushed: the open packet follows at once and goes out in the same write.
        WriteSwitchingProtocols(connection, request.Key, newSid);
        return RunWebSocketSessionAsync(newSid, handshake, connection, stream);
    }

    private async Task RunDirectUpgradeAsync(ConnectionContext connection, string sid, DuplexPipeStream stream)
    {
        // The client waits for the 101 before it sends the probe: send it now.
        await connection.Transport.Output.FlushAsync().ConfigureAwait(false);
        if (FindSession(sid) is not { } session) return; // closed meanwhile: the client sees the connection end
        await RunUpgradeAsync(session, connection, stream).ConfigureAwait(false);
    }

    private void WriteSwitchingProtocols(ConnectionContext connection, string key, string? newSid)
    {
        var head = new StringBuilder(160)
            .Append("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: ")
            .Append(WebSocketHandshake.ComputeAccept(key))
            .Append("\r\n");
        if (newSid is not null && Options.Cookie is { } cookie)
        {
            var setCookie = new SetCookieHeaderValue(cookie.Name, newSid)
            {
                Path = cookie.Path,
                HttpOnly = cookie.HttpOnly,
                SameSite = (Microsoft.Net.Http.Headers.SameSiteMode)cookie.SameSite,
            };
            head.Append("Set-Cookie: ").Append(setCookie.ToString()).Append("\r\n");
        }
        head.Append("\r\n");
        var output = connection.Transport.Output;
        int written = Encoding.ASCII.GetBytes(head.ToString(), output.GetSpan(head.Length));
        output.Advance(written);
    }
}
