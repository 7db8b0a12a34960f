using System.Text.RegularExpressions;

namespace Tether.SocketIO;

/// <summary>
/// The Socket.IO server: namespaces, broadcasts and lifetime. Registered as a singleton by <c>AddSocketIO</c>, so it
/// can be injected anywhere to emit from outside a socket handler.
/// </summary>
public interface ISocketIOServer
{
    /// <summary>The namespace <paramref name="name"/> (a leading <c>/</c> is added when missing), created on first use.</summary>
    Namespace Of(string name);

    /// <summary>
    /// A dynamic namespace: every namespace a client asks for whose name matches <paramref name="pattern"/> is created
    /// on demand as a child that shares this parent's middleware and connection handlers.
    /// </summary>
    ParentNamespace Of(Regex pattern);

    /// <summary>A dynamic namespace accepting the names for which <paramref name="predicate"/> returns true.</summary>
    ParentNamespace Of(Func<string, SocketHandshake, bool> predicate);

    /// <summary>The main namespace, <c>/</c>.</summary>
    Namespace Sockets { get; }

    /// <summary>Targets the sockets of <c>/</c> in <paramref name="room"/>.</summary>
    BroadcastOperator To(string room);

    /// <summary>Same as <see cref="To"/>.</summary>
    BroadcastOperator In(string room);

    /// <summary>Targets the sockets of <c>/</c> not in <paramref name="room"/>.</summary>
    BroadcastOperator Except(string room);

    /// <summary>Emits to every socket of <c>/</c>; completes when queued.</summary>
    Task EmitAsync(string eventName, params object?[] args);

    /// <summary>The number of open Engine.IO connections.</summary>
    int ClientsCount { get; }

    /// <summary>
    /// Disconnects every socket with reason <c>server shutting down</c> (no DISCONNECT packet, so clients reconnect
    /// elsewhere), closes the adapters and the Engine.IO server. Idempotent.
    /// </summary>
    Task ShutdownAsync();
}
