using Microsoft.AspNetCore.Builder;
using Tether.SocketIO;

namespace ConformanceHost;

/// <summary>
/// The knobs of <see cref="ConformanceApp"/>. The defaults are what the official protocol test suites expect; the
/// integration tests relax the timings and add their own hooks on top of the same configuration.
/// </summary>
public sealed class ConformanceSettings
{
    /// <summary>pingInterval of both endpoints. The test suites expect 300 ms.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>pingTimeout of both endpoints. The test suites expect 200 ms.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>maxHttpBufferSize (the handshake's maxPayload) of both endpoints. The test suites expect 1 000 000.</summary>
    public long MaxHttpBufferSize { get; set; } = 1_000_000;

    /// <summary>How long a Socket.IO connection may stay without joining a namespace. The test suites use 1000 ms.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Extra service registrations (e.g. a hosted service), run after the conformance ones.</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; set; }

    /// <summary>Extra middleware or endpoints, run after the app is built and before the conformance endpoints are mapped.</summary>
    public Action<WebApplication>? ConfigureApp { get; set; }

    /// <summary>Extra namespaces or handlers, run after the conformance namespaces are set up.</summary>
    public Action<ISocketIOServer>? ConfigureSocketIO { get; set; }
}
