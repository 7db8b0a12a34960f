using Microsoft.Extensions.DependencyInjection;

namespace Tether.SocketIO.Internal;

/// <summary>A socket's services: its own DI scope when the server has a root provider, else an empty provider.</summary>
internal sealed class SocketServices
{
    private readonly AsyncServiceScope? _scope;

    private SocketServices(IServiceProvider provider, AsyncServiceScope? scope)
    {
        Provider = provider;
        _scope = scope;
    }

    public IServiceProvider Provider { get; }

    public static SocketServices Create(IServiceProvider? root)
    {
        if (root?.GetService(typeof(IServiceScopeFactory)) is IServiceScopeFactory factory)
        {
            var scope = factory.CreateAsyncScope();
            return new SocketServices(scope.ServiceProvider, scope);
        }
        return new SocketServices(root ?? EmptyServiceProvider.Instance, null);
    }

    public ValueTask DisposeAsync() => _scope?.DisposeAsync() ?? ValueTask.CompletedTask;

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
