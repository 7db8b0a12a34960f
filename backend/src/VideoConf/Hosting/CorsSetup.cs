namespace VideoConf.Hosting;

/// <summary>
/// Cross-origin access for the API and Socket.IO, from <c>Cors:Origins</c> only. None by default: the app serves
/// its own client from the same origin, so other origins are refused unless listed.
/// </summary>
internal static class CorsSetup
{
    public static string[] Origins(IConfiguration configuration) =>
        configuration.GetSection("Cors:Origins").Get<string[]>()?.Where(o => !string.IsNullOrWhiteSpace(o)).ToArray() ?? [];

    public static IServiceCollection AddVideoConfCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = Origins(configuration);
        services.AddCors(options => options.AddDefaultPolicy(policy =>
        {
            if (origins.Length > 0) policy.WithOrigins(origins).AllowAnyHeader().AllowAnyMethod();
        }));
        return services;
    }
}
