using Tether.SocketIO.Adapters;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>
/// The recovery settings every cross-server recovery test runs with: recovery on "/", and the namespace middleware
/// run for recovered connections, as the application configures it.
/// </summary>
internal static class RecoveryOptions
{
    public static Action<SocketIOOptions> OnRoot(TimeSpan? maxDisconnection = null) => o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions
    {
        Namespaces = { "/" },
        SkipMiddlewares = false,
        MaxDisconnectionDuration = maxDisconnection ?? TimeSpan.FromMinutes(2),
    };
}
