using System.Text.Json;
using Tether.EngineIO;

namespace Tether.SocketIO;

/// <summary>
/// Socket.IO server settings. Every property is settable so the options bind from configuration
/// (<c>services.Configure&lt;SocketIOOptions&gt;(configuration.GetSection("SocketIO"))</c>).
/// </summary>
public sealed class SocketIOOptions
{
    private string _path = "/socket.io/";

    /// <summary>Creates the defaults.</summary>
    public SocketIOOptions() => Engine = new EngineIOOptions { Path = _path };

    /// <summary>
    /// The endpoint path, with a trailing slash as the clients use it. Default <c>/socket.io/</c>. Setting it also sets
    /// <see cref="EngineIOOptions.Path"/> of <see cref="Engine"/>; the server uses this value, not Engine's.
    /// </summary>
    public string Path
    {
        get => _path;
        set
        {
            _path = value;
            Engine.Path = value;
        }
    }

    /// <summary>Transport settings (ping interval, CORS, buffer sizes...).</summary>
    public EngineIOOptions Engine { get; }

    /// <summary>
    /// How long an Engine.IO connection may stay open without joining any namespace before it is closed. Default 45 s;
    /// zero or negative disables the check.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// JSON settings for event arguments and payloads. Default <see cref="JsonSerializerDefaults.Web"/> (camelCase,
    /// case-insensitive reads). The server works on a copy with the binary-attachment converters added.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>The most binary attachments one incoming packet may carry. Default 10.</summary>
    public int MaxAttachmentsPerPacket { get; set; } = 10;

    /// <summary>The most rooms one socket may be in (its own id room included). Default 1000.</summary>
    public int MaxRoomsPerSocket { get; set; } = 1000;

    /// <summary>
    /// Connection state recovery settings; null (the default) disables recovery. The seams exist (adapter hooks,
    /// <see cref="Socket.Recovered"/>) but recovery itself is not implemented yet.
    /// </summary>
    public ConnectionStateRecoveryOptions? ConnectionStateRecovery { get; set; }
}

/// <summary>Connection state recovery: a client that reconnects soon enough gets its id, rooms, data and missed packets back.</summary>
public sealed class ConnectionStateRecoveryOptions
{
    /// <summary>How long a disconnected session is kept. Default 2 minutes.</summary>
    public TimeSpan MaxDisconnectionDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether a recovered connection skips the namespace middleware. Default true.</summary>
    public bool SkipMiddlewares { get; set; } = true;
}
