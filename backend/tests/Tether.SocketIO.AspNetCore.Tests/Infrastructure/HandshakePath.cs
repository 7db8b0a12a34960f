namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>Where a <see cref="TestServer"/> takes Socket.IO WebSocket handshakes.</summary>
public enum HandshakePath
{
    /// <summary>Kestrel's HTTP upgrade, through the endpoint (the default).</summary>
    Http,

    /// <summary>Kestrel connection middleware (<c>ListenOptions.UseSocketIO()</c>).</summary>
    Connection,

    /// <summary>At accept, before a Kestrel connection exists (<c>WebHost.UseSocketIOTransport()</c>).</summary>
    Accept,
}
