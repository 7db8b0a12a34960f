using System.Net;
using System.Text;
using Microsoft.Net.Http.Headers;
using Tether.EngineIO.Connections;
using Tether.EngineIO.Internal;
using Tether.EngineIO.WebSockets;

namespace Tether.EngineIO;

public sealed partial class EngineServer
{
    private string? _directPath;

    /// <summary>
    /// How long a new connection may stay silent before the connection-level handshake paths hand it to Kestrel as is
    /// (whose own request timeouts then apply).
    /// </summary>
    internal static readonly TimeSpan FirstBytesTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A connection sent nothing within <see cref="FirstBytesTimeout"/> and goes to Kestrel.</summary>
    internal void OnSilentConnection() => Log.SilentConnectionHandedOn(_logger, FirstBytesTimeout.TotalSeconds);

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

    /// <summary>
    /// Answers a handshake taken at the connection level with 101 and runs the WebSocket (a new session, or a polling
    /// session's upgrade) on <paramref name="stream"/>, the connection's bytes after the request head.
    /// </summary>
    /// <param name="request">The parsed head (<see cref="CanTakeDirect"/> said yes).</param>
    /// <param name="owner">What aborting the transport aborts: the ConnectionContext, or the accepted Socket.</param>
    /// <param name="stream">The connection's duplex stream.</param>
    /// <param name="remote">The TCP peer, for the handshake's address.</param>
    /// <param name="secure">Whether the connection is TLS.</param>
    internal Task RunDirectWebSocketAsync(DirectUpgradeRequest request, object owner, Stream stream, EndPoint? remote, bool secure)
    {
        var sid = request.Sid;
        if (sid.Length > 0) return RunDirectUpgradeAsync(sid, SwitchingProtocols(request.Key, newSid: null), owner, stream);

        var newSid = SessionId.Generate();
        var handshake = new EngineHandshakeRequest(request, (remote as IPEndPoint)?.Address.ToString() ?? "", secure);
        // The 101 goes out with the open packet, in one write.
        return RunWebSocketSessionAsync(newSid, handshake, owner, stream, preamble: SwitchingProtocols(request.Key, newSid));
    }

    private async Task RunDirectUpgradeAsync(string sid, byte[] switchingProtocols, object owner, Stream stream)
    {
        try
        {
            // The client waits for the 101 before it sends the probe: send it now.
            await stream.WriteAsync(switchingProtocols).ConfigureAwait(false);
            if (FindSession(sid) is { } session)
            {
                await RunUpgradeAsync(session, owner, stream).ConfigureAwait(false);
                return;
            }
        }
        catch (IOException)
        {
            // The client went away before the 101 got out.
        }
        // Closed meanwhile: the client sees the connection end (the transport closes a socket it ran itself).
        (owner as System.Net.Sockets.Socket)?.Dispose();
    }

    private static ReadOnlySpan<byte> SwitchingProtocolsHead
        => "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: "u8;

    /// <summary>The 101 response head; with the io cookie for a new session when the options ask for it.</summary>
    private byte[] SwitchingProtocols(ReadOnlySpan<byte> key, string? newSid)
    {
        if (newSid is null || Options.Cookie is null)
        {
            // The usual head is written straight into its one array: nothing else to allocate (and collect) per handshake.
            var bytes = new byte[SwitchingProtocolsHead.Length + WebSocketHandshake.AcceptLength + 4];
            SwitchingProtocolsHead.CopyTo(bytes);
            WebSocketHandshake.ComputeAccept(key, bytes.AsSpan(SwitchingProtocolsHead.Length, WebSocketHandshake.AcceptLength));
            "\r\n\r\n"u8.CopyTo(bytes.AsSpan(bytes.Length - 4));
            return bytes;
        }

        var head = new StringBuilder(200)
            .Append(Encoding.ASCII.GetString(SwitchingProtocolsHead))
            .Append(WebSocketHandshake.ComputeAccept(Encoding.ASCII.GetString(key)))
            .Append("\r\n");
        if (Options.Cookie is { } cookie)
        {
            var setCookie = new SetCookieHeaderValue(cookie.Name, newSid)
            {
                Path = cookie.Path,
                HttpOnly = cookie.HttpOnly,
                SameSite = (Microsoft.Net.Http.Headers.SameSiteMode)cookie.SameSite,
            };
            head.Append("Set-Cookie: ").Append(setCookie.ToString()).Append("\r\n");
        }
        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }
}
