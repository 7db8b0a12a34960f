using Microsoft.AspNetCore.Http;

namespace Tether.EngineIO;

/// <summary>
/// One Engine.IO session (one <c>sid</c>), whichever transport currently carries it.
/// </summary>
public abstract class EngineConnection
{
    /// <summary>The session id (<c>sid</c>) given in the handshake.</summary>
    public abstract string Id { get; }

    /// <summary>The current transport name: <c>polling</c> or <c>websocket</c>.</summary>
    public abstract string TransportName { get; }

    /// <summary>The HTTP request that opened the session (headers, query, remote address, time).</summary>
    public abstract EngineHandshakeRequest Request { get; }

    /// <summary>True until the connection is closed.</summary>
    public abstract bool IsOpen { get; }

    /// <summary>
    /// Whether a message sent now would go out immediately: a WebSocket whose writer is idle, or a polling session
    /// with a GET waiting. Volatile broadcasts skip connections that are not writable (as the reference server
    /// does). The default is <see cref="IsOpen"/>.
    /// </summary>
    public virtual bool IsWritable => IsOpen;

    /// <summary>
    /// Queues a message. Returns false when the connection is closed, or when queuing it would pass the
    /// per-connection buffer limit (the connection is then closed with <see cref="EngineCloseReason.SlowConsumer"/>).
    /// Never blocks; the frame is written by the connection's writer, batched with others queued meanwhile.
    /// </summary>
    public abstract bool Send(EngineMessage message);

    /// <summary>Queues several messages that must stay adjacent (a packet and its binary attachments).</summary>
    public abstract bool Send(ReadOnlySpan<EngineMessage> messages);

    /// <summary>
    /// Closes the session: what is already queued is flushed first (best effort), then the transport is closed and
    /// <see cref="IEngineConnectionHandler.OnClose"/> runs with <see cref="EngineCloseReason.ServerClose"/>.
    /// </summary>
    public abstract void Close();

    /// <summary>Completes when the connection has closed.</summary>
    public abstract Task Closed { get; }

    /// <summary>A slot for the layer above to keep its per-connection state without a dictionary lookup.</summary>
    public object? UserState { get; set; }
}

/// <summary>The request that opened an Engine.IO session, kept after the request itself is gone.</summary>
public sealed class EngineHandshakeRequest
{
    /// <summary>Creates the snapshot from a request.</summary>
    public EngineHandshakeRequest(HttpContext context)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers) headers[header.Key] = header.Value.ToString();
        Headers = headers;
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in request.Query) query[pair.Key] = pair.Value.ToString();
        Query = query;
        RemoteAddress = context.Connection.RemoteIpAddress?.ToString() ?? "";
        Secure = request.IsHttps;
        Url = request.Path + request.QueryString;
        Time = DateTimeOffset.UtcNow;
        User = context.User;
    }

    /// <summary>Request headers (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Query string values.</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>The client's IP address as seen by the server.</summary>
    public string RemoteAddress { get; }

    /// <summary>Whether the request came over TLS.</summary>
    public bool Secure { get; }

    /// <summary>The path and query of the request.</summary>
    public string Url { get; }

    /// <summary>When the session was opened.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The user ASP.NET Core authentication resolved for the opening request, if any.</summary>
    public System.Security.Claims.ClaimsPrincipal User { get; }
}
