using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tether.SocketIO;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.AspNetCore.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Socket.IO server.</summary>
public static class SocketIOServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISocketIOServer"/> (and <see cref="SocketIOServer"/>) as a singleton, the in-memory
    /// <see cref="IAdapterFactory"/> unless another is registered, and a hosted service that shuts the server down
    /// when the application stops. Options may also come from configuration:
    /// <c>services.Configure&lt;SocketIOOptions&gt;(configuration.GetSection("SocketIO"))</c>.
    /// </summary>
    public static ISocketIOBuilder AddSocketIO(this IServiceCollection services, Action<SocketIOOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SocketIOOptions>();
        if (configure is not null) services.Configure(configure);

        services.TryAddSingleton<IAdapterFactory, InMemoryAdapterFactory>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(CreateServer);
        services.TryAddSingleton<ISocketIOServer>(static sp => sp.GetRequiredService<SocketIOServer>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SocketIOLifetimeService>());
        return new SocketIOBuilder(services);
    }

    private static SocketIOServer CreateServer(IServiceProvider services)
    {
        var server = new SocketIOServer(
            services.GetRequiredService<IOptions<SocketIOOptions>>().Value,
            services.GetService<ILoggerFactory>(),
            services.GetRequiredService<IAdapterFactory>(),
            services,
            services.GetService<TimeProvider>());
        foreach (var registration in services.GetServices<NamespaceHandlerRegistration>()) registration.Apply(server);
        return server;
    }
}
