using Microsoft.Extensions.DependencyInjection;

namespace Tether.SocketIO.AspNetCore.Internal;

/// <summary>
/// One <c>AddNamespace&lt;THandler&gt;(name)</c>: wires the handler type into the namespace as middleware
/// (<see cref="SocketIONamespaceHandler.AuthorizeAsync"/>) and connection handler
/// (<see cref="SocketIONamespaceHandler.OnConnectedAsync"/>), with one instance per socket.
/// </summary>
internal sealed class NamespaceHandlerRegistration(string name, Type handlerType)
{
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(handlerType, Type.EmptyTypes);
    // One pair of delegates for all sockets (they find the socket's instance in its items): no closures per socket.
    private Func<Socket, string, Task>? _onDisconnected;
    private Func<Socket, ValueTask>? _onReleased;

    public void Apply(SocketIOServer server)
    {
        var nsp = server.Of(name);
        nsp.Use(async (socket, next) =>
        {
            await GetHandler(socket).AuthorizeAsync(socket).ConfigureAwait(false);
            await next().ConfigureAwait(false);
        });
        nsp.OnConnection(socket => GetHandler(socket).OnConnectedAsync(socket));
    }

    /// <summary>The socket's instance, created in its scope on first use and released when it disconnects.</summary>
    private SocketIONamespaceHandler GetHandler(Socket socket)
    {
        if (socket.Items.TryGetValue(this, out var existing)) return (SocketIONamespaceHandler)existing;
        var handler = (SocketIONamespaceHandler)_factory(socket.Services, null);
        socket.Items[this] = handler;
        socket.Disconnected += _onDisconnected ??= (s, reason) => Instance(s).OnDisconnectedAsync(s, reason);
        // Released also runs for refused sockets, which never raise Disconnected.
        socket.Released += _onReleased ??= ReleaseAsync;
        return handler;
    }

    private SocketIONamespaceHandler Instance(Socket socket) => (SocketIONamespaceHandler)socket.Items[this];

    private async ValueTask ReleaseAsync(Socket socket)
    {
        var handler = Instance(socket);
        if (handler is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        else if (handler is IDisposable disposable) disposable.Dispose();
    }
}
