using Microsoft.Extensions.DependencyInjection;

namespace Tether.SocketIO.Internal;

/// <summary>
/// A socket's services: its own DI scope when the server has a root provider, else an empty provider. The scope is
/// created on the first resolve, so a socket whose handlers resolve nothing (most idle ones) holds none.
/// </summary>
internal sealed class SocketServices : IServiceProvider
{
    private static readonly object Disposed = new();

    private readonly IServiceProvider? _root;
    private object? _scope; // null, an AsyncServiceScope boxed once, or Disposed

    private SocketServices(IServiceProvider? root) => _root = root;

    public IServiceProvider Provider => this;

    public static SocketServices Create(IServiceProvider? root)
        => new(root?.GetService(typeof(IServiceScopeFactory)) is not null ? root : null);

    public object? GetService(Type serviceType)
    {
        if (_root is null) return null;
        var scope = Volatile.Read(ref _scope);
        if (scope is null)
        {
            var created = _root.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            scope = Interlocked.CompareExchange(ref _scope, created, null);
            if (scope is null) scope = _scope!;
            else _ = created.DisposeAsync(); // another thread won the race
        }
        if (ReferenceEquals(scope, Disposed)) throw new ObjectDisposedException(nameof(IServiceProvider), "The socket's services are disposed.");
        return ((AsyncServiceScope)scope).ServiceProvider.GetService(serviceType);
    }

    public ValueTask DisposeAsync()
        => Interlocked.Exchange(ref _scope, Disposed) is AsyncServiceScope scope ? scope.DisposeAsync() : ValueTask.CompletedTask;
}
