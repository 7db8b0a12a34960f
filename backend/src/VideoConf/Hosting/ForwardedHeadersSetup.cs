using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace VideoConf.Hosting;

/// <summary>
/// <c>ForwardedHeaders:*</c>: behind a reverse proxy (nginx in docker-compose) the app sees the proxy's address; with
/// <c>Enabled=true</c> it takes the client's address and scheme from <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c>,
/// but only from the proxies listed in <c>KnownProxies</c> (addresses) and <c>KnownNetworks</c> (CIDR ranges);
/// loopback is trusted when neither is set. Off by default: a client talking to the app directly could otherwise
/// claim any address.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue($"{Section}:Enabled", false);

    public static void AddVideoConfForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsEnabled(configuration)) return;
        var section = configuration.GetSection(Section);
        var proxies = List(section.GetSection("KnownProxies"))
            .Select(p => IPAddress.TryParse(p, out var address) ? address : throw new InvalidOperationException($"{Section}:KnownProxies: '{p}' is not an IP address."))
            .ToList();
        var networks = List(section.GetSection("KnownNetworks"))
            .Select(n => System.Net.IPNetwork.TryParse(n, out var network) ? network : throw new InvalidOperationException($"{Section}:KnownNetworks: '{n}' is not a CIDR range (e.g. 172.16.0.0/12)."))
            .ToList();
        var forwardLimit = section.GetValue<int?>("ForwardLimit") ?? 1;

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The last hop is the proxy's own view of the client; anything before it is what the client claimed.
            options.ForwardLimit = forwardLimit <= 0 ? null : forwardLimit;
            if (proxies.Count > 0 || networks.Count > 0)
            {
                // Replaces the loopback-only default with exactly the configured proxies.
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                foreach (var proxy in proxies) options.KnownProxies.Add(proxy);
                foreach (var network in networks) options.KnownIPNetworks.Add(network);
            }
        });
    }

    public static void UseVideoConfForwardedHeaders(this WebApplication app)
    {
        if (IsEnabled(app.Configuration)) app.UseForwardedHeaders();
    }

    // A list from configuration: array entries (KnownProxies:0, ...) or one comma/semicolon-separated value
    // (convenient in an environment variable).
    private static IEnumerable<string> List(IConfigurationSection section)
    {
        var items = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return items
            .SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal);
    }
}
