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
        _headers = headers;
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in request.Query) query[pair.Key] = pair.Value.ToString();
        _query = query;
        RemoteAddress = context.Connection.RemoteIpAddress?.ToString() ?? "";
        Secure = request.IsHttps;
        _url = request.Path + request.QueryString;
        Time = DateTimeOffset.UtcNow;
        _user = context.User;
    }

    /// <summary>
    /// A handshake taken at the connection level: no HTTP pipeline ran, so the user is anonymous. Headers, query and
    /// URL are read from the kept request head when first asked for.
    /// </summary>
    internal EngineHandshakeRequest(Connections.DirectUpgradeRequest request, string remoteAddress, bool secure)
    {
        _direct = request;
        RemoteAddress = remoteAddress;
        Secure = secure;
        Time = DateTimeOffset.UtcNow;
    }

    private readonly Connections.DirectUpgradeRequest? _direct;
    private readonly IReadOnlyDictionary<string, string>? _headers;
    private readonly IReadOnlyDictionary<string, string>? _query;
    private readonly string? _url;

    private System.Security.Claims.ClaimsPrincipal? _user;

    /// <summary>Request headers (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers ?? _direct!.Headers;

    /// <summary>Query string values.</summary>
    public IReadOnlyDictionary<string, string> Query => _query ?? _direct!.Query;

    /// <summary>The client's IP address as seen by the server.</summary>
    public string RemoteAddress { get; }

    /// <summary>Whether the request came over TLS.</summary>
    public bool Secure { get; }

    /// <summary>The path and query of the request.</summary>
    public string Url => _url ?? _direct!.Url;

    /// <summary>When the session was opened.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The user ASP.NET Core authentication resolved for the opening request, if any.</summary>
    public System.Security.Claims.ClaimsPrincipal User
        => Volatile.Read(ref _user)
           ?? Interlocked.CompareExchange(ref _user, new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()), null)
           ?? _user!;
}
