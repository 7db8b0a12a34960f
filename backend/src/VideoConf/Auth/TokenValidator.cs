using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace VideoConf.Auth;

/// <summary>
/// Validates a raw token exactly as the API's JwtBearer handler does (same <see cref="TokenValidationParameters"/>,
/// plus the external issuer's keys and issuer from its metadata), for callers outside the HTTP auth pipeline: the
/// Socket.IO handshake.
/// </summary>
internal sealed class TokenValidator(IOptionsMonitor<JwtBearerOptions> bearerOptions, ILogger<TokenValidator> logger)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<ClaimsPrincipal?> ValidateAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token)) return null;

        var options = bearerOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is { } manager)
        {
            // What JwtBearerHandler does: add the external issuer's signing keys and issuer to ours.
            var config = await manager.GetConfigurationAsync(ct);
            parameters.ValidIssuers = (parameters.ValidIssuers ?? []).Append(config.Issuer);
            parameters.IssuerSigningKeys = (parameters.IssuerSigningKeys ?? []).Concat(config.SigningKeys);
        }

        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (result.IsValid) return new ClaimsPrincipal(result.ClaimsIdentity);

        // The reason only: the token itself must never reach a log.
        logger.LogInformation("Rejected a socket token: {Reason}", result.Exception?.GetType().Name ?? "invalid");
        return null;
    }
}
