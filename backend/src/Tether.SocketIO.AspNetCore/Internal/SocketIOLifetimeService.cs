using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tether.SocketIO.AspNetCore.Internal;

/// <summary>
/// Shuts the Socket.IO server down as soon as the application starts stopping: long-lived WebSocket and polling
/// requests would otherwise hold Kestrel's graceful shutdown until its timeout.
/// </summary>
internal sealed class SocketIOLifetimeService(IServiceProvider services, IHostApplicationLifetime lifetime) : IHostedService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = lifetime.ApplicationStopping.Register(static state => _ = ((SocketIOLifetimeService)state!).ShutdownAsync(), this);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _registration.DisposeAsync().ConfigureAwait(false);
        await ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Shuts the server down (idempotent: the server returns the same task every time).</summary>
    private Task ShutdownAsync() => services.GetService<SocketIOServer>()?.ShutdownAsync() ?? Task.CompletedTask;
}
