using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Tether.EngineIO.Internal;

/// <summary>
/// Adds CORS headers the way the reference server's <c>cors</c> middleware does for its options: the configured
/// origins only, <c>*</c> for any (echoing the origin when credentials are allowed, since browsers refuse
/// <c>*</c> with credentials).
/// </summary>
internal sealed class CorsPolicy
{
    // The cors package's default method list, which the reference server inherits.
    private const string AllowedMethods = "GET,HEAD,PUT,PATCH,POST,DELETE";

    private readonly bool _allowAny;
    private readonly HashSet<string> _origins;
    private readonly bool _credentials;

    public CorsPolicy(EngineIOCorsOptions options)
    {
        _origins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var origin in options.Origins)
        {
            if (origin == "*") _allowAny = true;
            else _origins.Add(origin.TrimEnd('/'));
        }
        _credentials = options.Credentials;
    }

    public void Apply(HttpContext context, bool preflight)
    {
        var requestHeaders = context.Request.Headers;
        var headers = context.Response.Headers;
        string origin = requestHeaders.Origin.ToString();
        bool echo;
        if (_allowAny) echo = _credentials && origin.Length > 0;
        else if (origin.Length > 0 && _origins.Contains(origin)) echo = true;
        else return;

        headers.AccessControlAllowOrigin = echo ? origin : "*";
        // The answer depends on the request's origin, so caches must key on it.
        if (echo) headers.Vary = "Origin";
        if (_credentials) headers.AccessControlAllowCredentials = "true";
        if (!preflight) return;

        headers.AccessControlAllowMethods = AllowedMethods;
        var requested = requestHeaders.AccessControlRequestHeaders;
        if (!StringValues.IsNullOrEmpty(requested))
        {
            headers.AccessControlAllowHeaders = requested;
            headers.Vary = StringValues.Concat(headers.Vary, "Access-Control-Request-Headers");
        }
    }
}
