using Microsoft.Extensions.DependencyInjection;
using Tether.SocketIO;

namespace Tether.SocketIO.AspNetCore.Internal;

internal sealed class SocketIOBuilder(IServiceCollection services) : ISocketIOBuilder
{
    public IServiceCollection Services { get; } = services;

    public ISocketIOBuilder AddNamespace<THandler>(string name) where THandler : SocketIONamespaceHandler
    {
        ArgumentNullException.ThrowIfNull(name);
        Services.AddSingleton(new NamespaceHandlerRegistration(name, typeof(THandler)));
        return this;
    }
}
