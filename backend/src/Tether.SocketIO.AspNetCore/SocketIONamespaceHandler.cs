namespace Tether.SocketIO;

/// <summary>
/// A namespace's behaviour as a DI-resolved class: registered with
/// <c>services.AddSocketIO().AddNamespace&lt;THandler&gt;("/name")</c>, one instance is created per connecting socket
/// in that socket's DI scope (<see cref="Socket.Services"/>), so constructor injection of scoped services works.
/// An instance that implements <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/> is disposed after the
/// socket disconnects.
/// </summary>
public abstract class SocketIONamespaceHandler
{
    /// <summary>
    /// Runs as namespace middleware before the connection is accepted. Throw <see cref="SocketIOConnectException"/> to
    /// refuse with a message the client sees; set <see cref="Socket.User"/> or <see cref="Socket.Data"/> to pass on
    /// what was learnt. Accepts everyone by default.
    /// </summary>
    public virtual Task AuthorizeAsync(Socket socket) => Task.CompletedTask;

    /// <summary>Runs once the socket is connected (after the CONNECT reply): register <c>socket.On(...)</c> handlers here.</summary>
    public abstract Task OnConnectedAsync(Socket socket);

    /// <summary>Runs after the socket disconnected (<paramref name="reason"/>: see <see cref="DisconnectReasons"/>).</summary>
    public virtual Task OnDisconnectedAsync(Socket socket, string reason) => Task.CompletedTask;
}
