namespace Tether.EngineIO.Tests.Infrastructure;

/// <summary>Where a test host takes WebSocket handshakes.</summary>
public enum HandshakePath
{
    /// <summary>Kestrel's HTTP upgrade, through the endpoint (the default).</summary>
    Http,

    /// <summary>Kestrel connection middleware, before the HTTP layer (<c>ListenOptions.UseEngineIO</c>).</summary>
    Connection,

    /// <summary>At accept, before a Kestrel connection exists (<c>WebHost.UseEngineIOTransport</c>).</summary>
    Accept,
}
