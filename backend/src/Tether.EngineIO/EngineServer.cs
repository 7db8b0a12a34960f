using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tether.EngineIO;

/// <summary>
/// An Engine.IO v4 server: handles handshake, long-polling and WebSocket requests for one path and hands opened
/// connections to an <see cref="IEngineConnectionHandler"/>.
/// </summary>
public sealed partial class EngineServer : IAsyncDisposable
{
    /// <summary>Creates a server.</summary>
    public EngineServer(EngineIOOptions options, IEngineConnectionHandler handler, ILoggerFactory? loggerFactory = null)
    {
        Options = options;
        Handler = handler;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <summary>The settings in force.</summary>
    public EngineIOOptions Options { get; }

    internal IEngineConnectionHandler Handler { get; }

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>The number of open sessions.</summary>
    public int ClientsCount => throw new NotImplementedException();

    /// <summary>Handles one HTTP request addressed to the Engine.IO path.</summary>
    public Task HandleRequestAsync(HttpContext context) => throw new NotImplementedException();

    /// <summary>Closes every session (clients see a close and reconnect elsewhere) and refuses new ones.</summary>
    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
