using Microsoft.AspNetCore.Http;

namespace Tether.EngineIO;

/// <summary>Engine.IO server settings. Defaults match the reference Node.js server.</summary>
public sealed class EngineIOOptions
{
    /// <summary>The endpoint path, with a trailing slash as the clients use it. Default <c>/engine.io/</c>.</summary>
    public string Path { get; set; } = "/engine.io/";

    /// <summary>How often the server pings. Default 25 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long after a ping is queued the pong may take before the session is dropped. Default 20 s.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a polling→websocket upgrade may take to complete. Default 10 s.</summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest message or HTTP body accepted, in bytes. Default 1 MB (1,000,000).</summary>
    public long MaxHttpBufferSize { get; set; } = 1_000_000;

    /// <summary>The transports accepted, in order. Default polling and websocket.</summary>
    public IList<string> Transports { get; set; } = new List<string> { "polling", "websocket" };

    /// <summary>Whether a polling session may upgrade to WebSocket. Default true.</summary>
    public bool AllowUpgrades { get; set; } = true;

    /// <summary>
    /// Called for every handshake request before a session is created. Return null to accept, or an error message
    /// to refuse with 403 and <c>{"code":4,"message":"Forbidden"}</c> (the message is logged, not sent).
    /// </summary>
    public Func<HttpContext, ValueTask<string?>>? AllowRequest { get; set; }

    /// <summary>The <c>io</c> cookie carrying the sid; null (the default) sends no cookie.</summary>
    public EngineIOCookieOptions? Cookie { get; set; }

    /// <summary>Cross-origin settings; null (the default) adds no CORS headers, so browsers on other origins are refused.</summary>
    public EngineIOCorsOptions? Cors { get; set; }

    /// <summary>
    /// The most bytes that may wait in one connection's send queue; past it the peer is treated as a slow consumer
    /// and disconnected, so one stalled client cannot grow server memory. Default 16 MB.
    /// </summary>
    public long MaxBufferedBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How long shutdown (<see cref="EngineServer.DisposeAsync"/>) waits for the sessions to flush what is queued and
    /// finish closing before it gives up on them. Default 10 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The <c>io</c> cookie settings.</summary>
public sealed class EngineIOCookieOptions
{
    /// <summary>Cookie name. Default <c>io</c>.</summary>
    public string Name { get; set; } = "io";
    /// <summary>Cookie path. Default <c>/</c>.</summary>
    public string Path { get; set; } = "/";
    /// <summary>HttpOnly flag. Default true.</summary>
    public bool HttpOnly { get; set; } = true;
    /// <summary>SameSite mode. Default Lax.</summary>
    public SameSiteMode SameSite { get; set; } = SameSiteMode.Lax;
}

/// <summary>Cross-origin settings for the Engine.IO endpoint.</summary>
public sealed class EngineIOCorsOptions
{
    /// <summary>Allowed origins; <c>*</c> allows any (and then the request's origin is echoed when credentials are on).</summary>
    public IList<string> Origins { get; set; } = new List<string>();
    /// <summary>Whether to send <c>Access-Control-Allow-Credentials: true</c>.</summary>
    public bool Credentials { get; set; }
}
