namespace Tether.Testing;

/// <summary>Where a test host takes Engine.IO / Socket.IO WebSocket handshakes.</summary>
public enum HandshakePath
{
    /// <summary>Kestrel's HTTP upgrade, through the endpoint (the default).</summary>
    Http,

    /// <summary>Kestrel connection middleware, before the HTTP layer (<c>ListenOptions.UseEngineIO</c> / <c>UseSocketIO()</c>).</summary>
    Connection,

    /// <summary>At accept, before a Kestrel connection exists (<c>WebHost.UseEngineIOTransport</c> / <c>UseSocketIOTransport()</c>).</summary>
    Accept,
}
