using Tether.SocketIO;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures the Socket.IO server registered by <c>AddSocketIO</c>.</summary>
public interface ISocketIOBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// Serves namespace <paramref name="name"/> with <typeparamref name="THandler"/>, created per socket in the
    /// socket's DI scope. Several handlers may serve the same namespace; they run in registration order.
    /// </summary>
    ISocketIOBuilder AddNamespace<THandler>(string name) where THandler : SocketIONamespaceHandler;
}
