using Microsoft.Extensions.Logging;

namespace Tether.EngineIO.Internal;

/// <summary>Log messages. Payload contents are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Engine.IO session {Sid} opened on {Transport}")]
    public static partial void SessionOpened(ILogger logger, string sid, string transport);

    [LoggerMessage(2, LogLevel.Debug, "Engine.IO session {Sid} closed: {Reason}")]
    public static partial void SessionClosed(ILogger logger, string sid, EngineCloseReason reason);

    [LoggerMessage(3, LogLevel.Debug, "Engine.IO session {Sid} transport failure ({Reason}): {Detail}")]
    public static partial void TransportFailed(ILogger logger, string sid, EngineCloseReason reason, string detail);

    [LoggerMessage(4, LogLevel.Debug, "Engine.IO session {Sid} timed out waiting for a pong")]
    public static partial void PingTimeout(ILogger logger, string sid);

    [LoggerMessage(5, LogLevel.Warning, "Engine.IO session {Sid} exceeded the send buffer limit of {Limit} bytes; closing it as a slow consumer")]
    public static partial void SlowConsumer(ILogger logger, string sid, long limit);

    [LoggerMessage(6, LogLevel.Error, "The connection handler's {Callback} threw for session {Sid}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string callback, string sid);

    [LoggerMessage(7, LogLevel.Debug, "Engine.IO session {Sid} upgraded to websocket")]
    public static partial void Upgraded(ILogger logger, string sid);

    [LoggerMessage(8, LogLevel.Debug, "Engine.IO session {Sid}: upgrade timed out")]
    public static partial void UpgradeTimedOut(ILogger logger, string sid);

    [LoggerMessage(9, LogLevel.Debug, "Engine.IO session {Sid}: upgrade abandoned ({Detail})")]
    public static partial void UpgradeAbandoned(ILogger logger, string sid, string detail);

    [LoggerMessage(10, LogLevel.Debug, "Engine.IO session {Sid}: client sent a close packet")]
    public static partial void ClientClosed(ILogger logger, string sid);

    [LoggerMessage(11, LogLevel.Debug, "Engine.IO session {Sid}: websocket write failed ({Error})")]
    public static partial void WebSocketWriteFailed(ILogger logger, string sid, string error);

    [LoggerMessage(12, LogLevel.Debug, "Engine.IO session {Sid}: websocket read ended ({Error})")]
    public static partial void WebSocketReadEnded(ILogger logger, string sid, string error);

    [LoggerMessage(13, LogLevel.Debug, "Engine.IO request refused with code {Code}: {Detail}")]
    public static partial void RequestRefused(ILogger logger, EngineErrorCode code, string detail);

    [LoggerMessage(14, LogLevel.Information, "Engine.IO handshake refused by AllowRequest: {Message}")]
    public static partial void HandshakeForbidden(ILogger logger, string message);

    [LoggerMessage(15, LogLevel.Information, "Engine.IO server shutting down: closing {Count} sessions")]
    public static partial void ShuttingDown(ILogger logger, int count);

    [LoggerMessage(16, LogLevel.Warning, "Engine.IO shutdown: {Count} sessions did not finish closing in time")]
    public static partial void ShutdownTimedOut(ILogger logger, int count);

    [LoggerMessage(17, LogLevel.Debug, "A connection sent nothing within {Seconds} s of opening: Kestrel's HTTP layer serves it")]
    public static partial void SilentConnectionHandedOn(ILogger logger, double seconds);
}
