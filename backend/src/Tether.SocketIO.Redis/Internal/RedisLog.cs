using Microsoft.Extensions.Logging;

namespace Tether.SocketIO.Redis.Internal;

/// <summary>The adapter's log messages (category <c>Tether.SocketIO.Redis</c>).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(1, LogLevel.Warning, "Redis adapter: publishing to Redis failed ({FailureKind}) in namespace {Namespace}; further failures of this kind are counted until Redis is back.")]
    public static partial void PublishFailed(ILogger logger, string failureKind, string @namespace, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Redis adapter: connection to Redis lost ({FailureType}, {EndPoint}); local delivery continues, messages for other servers are not delivered until it is back.")]
    public static partial void ConnectionLost(ILogger logger, string failureType, string endPoint, Exception? exception);

    [LoggerMessage(3, LogLevel.Information, "Redis adapter: connection to Redis restored ({EndPoint}).")]
    public static partial void ConnectionRestored(ILogger logger, string endPoint);

    [LoggerMessage(4, LogLevel.Warning, "Redis adapter: {Count} publish(es) failed while Redis was unavailable and were not delivered to other servers ({Breakdown}).")]
    public static partial void FailedPublishesSummary(ILogger logger, long count, string breakdown);

    [LoggerMessage(5, LogLevel.Debug, "Redis adapter: ignoring a malformed message on {Channel}.")]
    public static partial void MalformedMessage(ILogger logger, string channel, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "Redis adapter: handling a message on {Channel} failed.")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "Redis adapter: counting the servers (PUBSUB NUMSUB) failed in namespace {Namespace}; assuming this server is alone.")]
    public static partial void ServerCountFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "Redis adapter: subscribing namespace {Namespace} failed; it will not receive other servers' messages until the connection is re-established.")]
    public static partial void SubscribeFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(9, LogLevel.Debug, "Redis adapter: ignoring request type {Type} in namespace {Namespace}.")]
    public static partial void UnknownRequest(ILogger logger, int type, string @namespace);

    [LoggerMessage(10, LogLevel.Warning, "Redis adapter: keeping a disconnected session in Redis failed in namespace {Namespace}; it is kept in this server's memory instead (the client can recover only if it comes back here).")]
    public static partial void SessionNotPersisted(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(11, LogLevel.Warning, "Redis adapter: restoring a session from Redis failed in namespace {Namespace}; the client connects afresh.")]
    public static partial void RestoreFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(12, LogLevel.Debug, "Redis adapter: a client's recovery offset is no longer in the log of namespace {Namespace}; the client connects afresh.")]
    public static partial void OffsetNotInLog(ILogger logger, string @namespace);

    [LoggerMessage(13, LogLevel.Warning, "Redis adapter: too many broadcasts while socket {Sid} was being restored in namespace {Namespace}; it may have missed some of them.")]
    public static partial void RestoreWindowOverflowed(ILogger logger, string @namespace, string sid);
}
