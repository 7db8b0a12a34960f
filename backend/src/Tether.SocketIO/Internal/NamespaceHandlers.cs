namespace Tether.SocketIO.Internal;

/// <summary>
/// A namespace's connection middleware and connection handlers. The children of a dynamic namespace share their
/// parent's instance, so what is added to the parent later applies to existing children too.
/// </summary>
internal sealed class NamespaceHandlers
{
    private readonly object _gate = new();
    private Func<Socket, Func<Task>, Task>[] _middlewares = [];
    private Func<Socket, Task>[] _connectionHandlers = [];

    public Func<Socket, Func<Task>, Task>[] Middlewares => Volatile.Read(ref _middlewares);

    public Func<Socket, Task>[] ConnectionHandlers => Volatile.Read(ref _connectionHandlers);

    public void AddMiddleware(Func<Socket, Func<Task>, Task> middleware)
    {
        lock (_gate) Volatile.Write(ref _middlewares, [.. _middlewares, middleware]);
    }

    public void AddConnectionHandler(Func<Socket, Task> handler)
    {
        lock (_gate) Volatile.Write(ref _connectionHandlers, [.. _connectionHandlers, handler]);
    }
}
