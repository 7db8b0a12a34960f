using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using VideoConf.Domain;

namespace VideoConf.Auth;

/// <summary>Issues the development identity provider's tokens (HMAC-SHA256, claims <c>sub</c>, <c>name</c>, <c>role</c>).</summary>
internal sealed class TokenIssuer(SigningKeyProvider keys, IOptions<AuthOptions> options)
{
    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(UserIdentity user)
    {
        var auth = options.Value;
        var now = DateTime.UtcNow;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + auth.TokenLifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(VideoConfClaims.Subject, user.Id),
                new Claim(VideoConfClaims.Name, user.Name),
                new Claim(VideoConfClaims.Role, user.Role),
            ]),
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
