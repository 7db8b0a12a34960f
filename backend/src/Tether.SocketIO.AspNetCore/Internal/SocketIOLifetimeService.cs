using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Tether.SocketIO.AspNetCore.Internal;

/// <summary>
/// Shuts the Socket.IO server down gracefully as soon as the application starts stopping (SIGTERM): new Engine.IO
/// sessions get 503, queued messages are flushed, then every connection gets an Engine.IO close so its client
/// reconnects (elsewhere), with recovery sessions persisted.
/// </summary>
/// <remarks>
/// The drain runs in <see cref="StoppingAsync"/>, which the host awaits before stopping any hosted service, Kestrel
/// included: Kestrel must keep serving meanwhile so polling clients can fetch what is left and get the close packet,
/// and its own graceful stop then finds no long-lived WebSocket or polling request holding it until its timeout.
/// </remarks>
internal sealed class SocketIOLifetimeService(IServiceProvider services, IHostApplicationLifetime lifetime) : IHostedLifecycleService
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Also covers hosts that stop the application without going through IHost.StopAsync's lifecycle phases.
        _registration = lifetime.ApplicationStopping.Register(static state => _ = ((SocketIOLifetimeService)state!).ShutdownAsync(), this);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => ShutdownAsync().WaitAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _registration.DisposeAsync().ConfigureAwait(false);
        await ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Shuts the server down (idempotent: the server returns the same task every time).</summary>
    private Task ShutdownAsync() => services.GetService<SocketIOServer>()?.ShutdownAsync() ?? Task.CompletedTask;
}
