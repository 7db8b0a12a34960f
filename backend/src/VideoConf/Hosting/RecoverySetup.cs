using Tether.SocketIO;
using VideoConf.Realtime;

namespace VideoConf.Hosting;

/// <summary>
/// Connection state recovery (<c>SocketIO:ConnectionStateRecovery:*</c>): on by default for <c>/video</c> only,
/// 2 minutes, and the handshake checks run again on recovery (<c>SkipMiddlewares=false</c>) so a user who left or was
/// removed while disconnected is refused rather than recovered. <c>Enabled=false</c> turns it off.
/// </summary>
internal static class RecoverySetup
{
    public const string Section = "SocketIO:ConnectionStateRecovery";

    /// <summary>
    /// Applied after the generic binding of <c>SocketIO</c> (which would append configured namespaces to the defaults
    /// instead of replacing them), so this is the only place that decides.
    /// </summary>
    public static void AddVideoConfRecovery(this IServiceCollection services, IConfiguration configuration) =>
        services.PostConfigure<SocketIOOptions>(options => options.ConnectionStateRecovery = FromConfiguration(configuration));

    public static ConnectionStateRecoveryOptions? FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (!section.GetValue("Enabled", true)) return null;

        var options = new ConnectionStateRecoveryOptions
        {
            MaxDisconnectionDuration = TimeSpan.FromMinutes(2),
            SkipMiddlewares = false,
            Namespaces = new List<string>(),
        };
        section.Bind(options);
        if (options.Namespaces.Count == 0) options.Namespaces.Add(VideoNamespace.Name);
        if (options.MaxDisconnectionDuration <= TimeSpan.Zero) return null;
        return options;
    }
}
