using Microsoft.AspNetCore.Http;
using Tether.EngineIO.Internal;
using Tether.EngineIO.Polling;
using Tether.EngineIO.WebSockets;

namespace Tether.EngineIO;

public sealed partial class EngineServer
{
    private const string PollingName = "polling";
    private const string WebSocketName = "websocket";

    /// <summary>Handles one HTTP request addressed to the Engine.IO path.</summary>
    public Task HandleRequestAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (_cors is not null)
        {
            bool preflight = HttpMethods.IsOptions(request.Method);
            _cors.Apply(context, preflight);
            if (preflight)
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            }
        }

        // The checks run in the reference server's order (Server.verify, then handshake).
        var query = request.Query;
        string transport = query["transport"].ToString();
        if (!Options.Transports.Contains(transport)) return Refuse(context, EngineErrorCode.UnknownTransport, "unknown transport");

        bool isWebSocket = WebSocketHandshake.IsUpgradeRequest(context);
        string sid = query["sid"].ToString();
        if (sid.Length > 0)
        {
            var session = FindSession(sid);
            if (session is null) return Refuse(context, EngineErrorCode.UnknownSid, "unknown sid");
            if (transport == WebSocketName)
            {
                if (!isWebSocket) return Refuse(context, EngineErrorCode.BadRequest, "websocket transport without upgrade");
                return UpgradeAsync(context, session);
            }

            // After an upgrade, polling requests for the session are refused (TRANSPORT_MISMATCH).
            if (session.TransportName != PollingName || session.Polling is not { } polling)
                return Refuse(context, EngineErrorCode.BadRequest, "transport mismatch");
            if (HttpMethods.IsGet(request.Method)) return polling.HandleGetAsync(context);
            if (HttpMethods.IsPost(request.Method)) return polling.HandlePostAsync(context);
            return Refuse(context, EngineErrorCode.BadRequest, "unsupported method");
        }

        // An HTTP/2 WebSocket handshake arrives as CONNECT (RFC 8441); everything else must be GET.
        bool isGet = HttpMethods.IsGet(request.Method) || (isWebSocket && WebSocketHandshake.IsExtendedConnect(context));
        if (!isGet) return Refuse(context, EngineErrorCode.BadHandshakeMethod, "handshake must be GET");
        if (transport == WebSocketName && !isWebSocket) return Refuse(context, EngineErrorCode.BadRequest, "websocket transport without upgrade");
        return HandshakeAsync(context, transport == WebSocketName);
    }

    private Task Refuse(HttpContext context, EngineErrorCode code, string detail)
    {
        Log.RequestRefused(_logger, code, detail);
        return EngineErrors.WriteAsync(context, code);
    }

    private async Task HandshakeAsync(HttpContext context, bool webSocket)
    {
        if (IsRefusingSessions)
        {
            // Shutting down: refuse before anything else so clients and load balancers try another server.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        if (Options.AllowRequest is { } allowRequest)
        {
            var refusal = await allowRequest(context).ConfigureAwait(false);
            if (refusal is not null)
            {
                Log.HandshakeForbidden(_logger, refusal);
                await EngineErrors.WriteAsync(context, EngineErrorCode.Forbidden).ConfigureAwait(false);
                return;
            }
        }
        if (context.Request.Query["EIO"].ToString() != "4")
        {
            await Refuse(context, EngineErrorCode.UnsupportedProtocolVersion, "unsupported protocol version").ConfigureAwait(false);
            return;
        }

        if (webSocket) await HandshakeWebSocketAsync(context).ConfigureAwait(false);
        else await HandshakePollingAsync(context).ConfigureAwait(false);
    }

    private async Task HandshakePollingAsync(HttpContext context)
    {
        var sid = SessionId.Generate();
        var session = new EngineSession(this, sid, new EngineHandshakeRequest(context), static s => new PollingTransport(s));
        if (!TryRegister(session))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }
        AppendCookie(context, sid);
        bool offerUpgrade = Options.AllowUpgrades && Options.Transports.Contains(WebSocketName);
        var json = OpenPacket.BuildJson(sid, offerUpgrade, Options);
        Log.SessionOpened(SessionLogger, sid, PollingName);
        // OnOpen runs before the response: what it sends waits for the next GET, as with the reference server.
        session.Open();

        var body = new byte[json.Length + 1];
        body[0] = (byte)EnginePacketType.Open;
        json.CopyTo(body, 1);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain; charset=UTF-8";
        response.ContentLength = body.Length;
        try
        {
            await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            session.CloseWithError(EngineCloseReason.TransportClose, "handshake response failed");
        }
    }

    private async Task HandshakeWebSocketAsync(HttpContext context)
    {
        if (!WebSocketHandshake.TryGetKey(context, out var key))
        {
            await Refuse(context, EngineErrorCode.BadRequest, "invalid websocket handshake").ConfigureAwait(false);
            return;
        }
        var sid = SessionId.Generate();
        var handshake = new EngineHandshakeRequest(context);
        AppendCookie(context, sid);
        var stream = await WebSocketHandshake.AcceptAsync(context, key).ConfigureAwait(false);
        await RunWebSocketSessionAsync(sid, handshake, context, stream).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a session on a WebSocket that has just been accepted and runs it until it closes. The owner is what
    /// aborting the transport aborts: the upgraded request's HttpContext, the ConnectionContext, or the Socket. The
    /// preamble (a 101 response head not sent yet) goes out in the same write as the open packet.
    /// </summary>
    private Task RunWebSocketSessionAsync(string sid, EngineHandshakeRequest handshake, object owner, Stream stream, byte[]? preamble = null)
    {
        WebSocketTransport? webSocket = null;
        var session = new EngineSession(this, sid, handshake, s => webSocket = new WebSocketTransport(s, owner, stream, active: true, preamble));
        if (!TryRegister(session))
        {
            // Shutting down: the session never opened, so there is nothing to close politely.
            webSocket!.Abort();
            return Task.CompletedTask;
        }
        Log.SessionOpened(SessionLogger, sid, WebSocketName);
        // The open packet goes first; whatever OnOpen sends follows it in the same write.
        session.SendControl(new OutboundPacket(EnginePacketType.Open, OpenPacket.BuildJson(sid, offerWebSocketUpgrade: false, Options)));
        session.Open();
        // Not awaited here: one async frame less for the connection's whole life.
        return webSocket!.RunAsync();
    }

    /// <summary>Whether a polling session can be upgraded to a WebSocket now.</summary>
    private bool CanUpgrade(EngineSession session)
        => Options.AllowUpgrades && session.IsOpen && session.TransportName == PollingName && !session.IsUpgrading;

    /// <summary>Runs an accepted WebSocket as the upgrade candidate of a polling session.</summary>
    private static Task RunUpgradeAsync(EngineSession session, object owner, Stream stream)
    {
        var webSocket = new WebSocketTransport(session, owner, stream, active: false);
        // A concurrent attempt may have won meanwhile: this one is closed right away.
        if (!session.TryBeginUpgrade(webSocket)) webSocket.InitiateClose(WebSocketCloseCode.NormalClosure);
        return webSocket.RunAsync();
    }

    private async Task UpgradeAsync(HttpContext context, EngineSession session)
    {
        // One upgrade per session: refused once upgraded or while another WebSocket is probing.
        if (!CanUpgrade(session))
        {
            await Refuse(context, EngineErrorCode.BadRequest, "upgrade not possible").ConfigureAwait(false);
            return;
        }
        if (!WebSocketHandshake.TryGetKey(context, out var key))
        {
            await Refuse(context, EngineErrorCode.BadRequest, "invalid websocket handshake").ConfigureAwait(false);
            return;
        }

        var stream = await WebSocketHandshake.AcceptAsync(context, key).ConfigureAwait(false);
        await RunUpgradeAsync(session, context, stream).ConfigureAwait(false);
    }

    private void AppendCookie(HttpContext context, string sid)
    {
        if (Options.Cookie is not { } cookie) return;
        context.Response.Cookies.Append(cookie.Name, sid, new CookieOptions
        {
            Path = cookie.Path,
            HttpOnly = cookie.HttpOnly,
            SameSite = cookie.SameSite,
        });
    }
}
