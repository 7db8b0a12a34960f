using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Switches a Socket.IO server to the Redis adapter.</summary>
public static class RedisSocketIOBuilderExtensions
{
    /// <summary>
    /// Uses Redis at <paramref name="connectionString"/> (StackExchange.Redis syntax, e.g. <c>redis:6379</c>) to form a
    /// cluster with the other servers using the same Redis, Tether or Node.js (<c>@socket.io/redis-adapter</c>).
    /// </summary>
    public static ISocketIOBuilder AddRedisAdapter(this ISocketIOBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder.AddRedisAdapter(options => options.ConnectionString = connectionString);
    }

    /// <summary>Uses the Redis adapter with the settings <paramref name="configure"/> makes.</summary>
    public static ISocketIOBuilder AddRedisAdapter(this ISocketIOBuilder builder, Action<RedisAdapterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<RedisAdapterOptions>().Configure(configure);
        builder.Services.TryAddSingleton(static sp => new RedisAdapterFactory(
            sp.GetRequiredService<IOptions<RedisAdapterOptions>>().Value, sp.GetService<ILoggerFactory>()));
        // AddSocketIO registered the in-memory factory with TryAdd; this one takes its place.
        builder.Services.Replace(ServiceDescriptor.Singleton<IAdapterFactory>(static sp => sp.GetRequiredService<RedisAdapterFactory>()));
        return builder;
    }

    /// <summary>
    /// Uses the Redis adapter when the connection string <paramref name="name"/> (<c>ConnectionStrings:Redis</c>,
    /// i.e. the environment variable <c>ConnectionStrings__Redis</c>) is set; otherwise the server stays single.
    /// </summary>
    public static ISocketIOBuilder AddRedisAdapterIfConfigured(this ISocketIOBuilder builder, IConfiguration configuration, string name = "Redis")
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(name);
        return string.IsNullOrWhiteSpace(connectionString) ? builder : builder.AddRedisAdapter(connectionString);
    }
}
