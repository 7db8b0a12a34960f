using Microsoft.Extensions.Logging;

namespace Tether.SocketIO.Internal;

/// <summary>
/// The server's log messages. Auth payloads, tokens and event arguments are never logged; refusals log the reason
/// message only.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Engine.IO connection {ConnectionId} opened ({Transport}).")]
    public static partial void ConnectionOpened(ILogger logger, string connectionId, string transport);

    [LoggerMessage(2, LogLevel.Debug, "Engine.IO connection {ConnectionId} closed: {Reason}.")]
    public static partial void ConnectionClosed(ILogger logger, string connectionId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Connection {ConnectionId} sent an invalid packet; closing it.")]
    public static partial void ParseError(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId} sent a packet for namespace {Namespace} in an invalid state ({PacketType}); closing it.")]
    public static partial void InvalidState(ILogger logger, string connectionId, string @namespace, string packetType);

    [LoggerMessage(5, LogLevel.Debug, "Connection {ConnectionId} asked for unknown namespace {Namespace}.")]
    public static partial void InvalidNamespace(ILogger logger, string connectionId, string @namespace);

    [LoggerMessage(6, LogLevel.Information, "Connection {ConnectionId} refused by namespace {Namespace}: {Message}")]
    public static partial void ConnectRefused(ILogger logger, string connectionId, string @namespace, string message);

    [LoggerMessage(7, LogLevel.Error, "Namespace {Namespace} middleware failed for connection {ConnectionId}; refused with a generic error.")]
    public static partial void MiddlewareFailed(ILogger logger, string @namespace, string connectionId, Exception exception);

    [LoggerMessage(8, LogLevel.Debug, "Socket {SocketId} connected to {Namespace} (connection {ConnectionId}).")]
    public static partial void SocketConnected(ILogger logger, string socketId, string @namespace, string connectionId);

    [LoggerMessage(9, LogLevel.Debug, "Socket {SocketId} disconnected from {Namespace}: {Reason}.")]
    public static partial void SocketDisconnected(ILogger logger, string socketId, string @namespace, string reason);

    [LoggerMessage(10, LogLevel.Error, "Connection handler of namespace {Namespace} failed for socket {SocketId}.")]
    public static partial void ConnectionHandlerFailed(ILogger logger, string @namespace, string socketId, Exception exception);

    [LoggerMessage(11, LogLevel.Error, "Handler for event {EventName} failed on socket {SocketId}.")]
    public static partial void EventHandlerFailed(ILogger logger, string eventName, string socketId, Exception exception);

    [LoggerMessage(12, LogLevel.Warning, "Event {EventName} on socket {SocketId}: argument {Index} does not bind to {Type}; event rejected.")]
    public static partial void ArgumentBindFailed(ILogger logger, string eventName, string socketId, int index, string type, Exception exception);

    [LoggerMessage(13, LogLevel.Warning, "Socket {SocketId}: packet middleware refused event {EventName} and no Error handler is attached.")]
    public static partial void PacketMiddlewareRefused(ILogger logger, string socketId, string eventName, Exception exception);

    [LoggerMessage(14, LogLevel.Error, "Socket {SocketId}: {EventKind} handler failed.")]
    public static partial void LifecycleHandlerFailed(ILogger logger, string socketId, string eventKind, Exception exception);

    [LoggerMessage(15, LogLevel.Error, "Namespace {Namespace}: adapter operation failed.")]
    public static partial void AdapterFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(16, LogLevel.Debug, "Socket {SocketId}: ignored an acknowledgement with unknown id {AckId}.")]
    public static partial void UnknownAck(ILogger logger, string socketId, long ackId);

    [LoggerMessage(17, LogLevel.Debug, "Connection {ConnectionId} joined no namespace within the connect timeout; closing it.")]
    public static partial void ConnectTimeout(ILogger logger, string connectionId);

    [LoggerMessage(18, LogLevel.Error, "Unexpected failure while handling a packet of connection {ConnectionId}.")]
    public static partial void PacketHandlingFailed(ILogger logger, string connectionId, Exception exception);

    [LoggerMessage(20, LogLevel.Debug, "Connection {ConnectionId} sent a second CONNECT for {Namespace}; ignored.")]
    public static partial void DuplicateConnect(ILogger logger, string connectionId, string @namespace);

    [LoggerMessage(19, LogLevel.Error, "Server-side emit handler for {EventName} failed in namespace {Namespace}.")]
    public static partial void ServerSideHandlerFailed(ILogger logger, string eventName, string @namespace, Exception exception);

    [LoggerMessage(21, LogLevel.Warning, "Socket {SocketId} of {Namespace} tried to pass MaxRoomsPerSocket ({Limit}); join refused.")]
    public static partial void RoomLimitExceeded(ILogger logger, string socketId, string @namespace, int limit);

    [LoggerMessage(22, LogLevel.Warning, "Socket {SocketId} awaits MaxPendingAcksPerSocket ({Limit}) acknowledgements; EmitWithAckAsync refused.")]
    public static partial void AckLimitExceeded(ILogger logger, string socketId, int limit);

    [LoggerMessage(23, LogLevel.Warning, "Socket {SocketId} of {Namespace} exceeds {Rate} events/s; dropped {Dropped} event(s) since the last report.")]
    public static partial void RateLimited(ILogger logger, string socketId, string @namespace, int rate, long dropped);

    [LoggerMessage(24, LogLevel.Warning, "Socket {SocketId} of {Namespace} exceeds {Rate} events/s; disconnecting it.")]
    public static partial void RateLimitDisconnect(ILogger logger, string socketId, string @namespace, int rate);

    [LoggerMessage(25, LogLevel.Debug, "Socket {SocketId} of {Namespace} recovered its session ({Missed} missed packet(s) replayed).")]
    public static partial void SessionRecovered(ILogger logger, string socketId, string @namespace, int missed);

    [LoggerMessage(26, LogLevel.Error, "Namespace {Namespace}: restoring session failed; connecting afresh.")]
    public static partial void RestoreFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(27, LogLevel.Information, "Socket.IO server shutting down: {Count} connection(s) will be told to reconnect.")]
    public static partial void ShuttingDown(ILogger logger, int count);
}
