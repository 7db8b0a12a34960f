using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace VideoConf.Auth;

internal static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// JWT bearer authentication accepting development tokens (signed with <see cref="SigningKeyProvider"/>) and,
    /// when <c>Auth:Authority</c> is set, tokens of that external issuer; both must carry <c>Auth:Audience</c>.
    /// </summary>
    public static IServiceCollection AddVideoConfAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<SigningKeyProvider>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<TokenValidator>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider, IOptions<AuthOptions>>((bearer, keys, authOptions) =>
            {
                var auth = authOptions.Value;
                if (!string.IsNullOrWhiteSpace(auth.Authority))
                {
                    // The handler fetches the issuer's metadata and adds its keys and issuer to the parameters below.
                    bearer.Authority = auth.Authority;
                    bearer.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                }

                bearer.Audience = auth.Audience;
                // Claims keep their JWT names (sub, name, role) instead of the long WS-* URIs.
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuers = [auth.Issuer],
                    ValidateAudience = true,
                    ValidAudiences = [auth.Audience],
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromMinutes(1),
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = keys.Key,
                    NameClaimType = VideoConfClaims.Name,
                    RoleClaimType = VideoConfClaims.Role,
                };
                bearer.Events = new JwtBearerEvents
                {
                    // A download link opened by the browser cannot carry a header; only that route also takes
                    // ?token= (request logs scrub it).
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.Value?.EndsWith("/download", StringComparison.Ordinal) == true
                            && context.Request.Query.TryGetValue("token", out var token))
                            context.Token = token.ToString();
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddAuthorization();
        return services;
    }
}
