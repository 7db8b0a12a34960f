using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace VideoConf.Tests.Infrastructure;

/// <summary>
/// Hand-made JWTs for the token tests. A host started with <see cref="SigningKey"/> as <c>Auth:SigningKey</c>
/// accepts <see cref="Valid"/> tokens; every other factory changes exactly one thing about such a token.
/// </summary>
internal static class TestTokens
{
    public const string SigningKey = "security-tests-signing-key-0123456789abcdef-ABCDEF";
    public const string Issuer = "videoconf";
    public const string Audience = "videoconf";

    public static string Valid(string userId, string name = "Minted", string role = "participant") =>
        Create(userId, name, role);

    public static string Expired(string userId) =>
        Create(userId, notBefore: DateTime.UtcNow.AddHours(-2), expires: DateTime.UtcNow.AddMinutes(-10));

    public static string OtherKey(string userId) =>
        Create(userId, credentials: Hmac("another-key-of-the-same-length-0123456789abcdef-XYZ"));

    public static string OtherKeyRsa(string userId) =>
        Create(userId, credentials: new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)), SecurityAlgorithms.RsaSha256));

    public static string OtherAudience(string userId) => Create(userId, audience: "someone-else");

    public static string OtherIssuer(string userId) => Create(userId, issuer: "https://evil.example");

    public static string WithoutExpiry(string userId) => Create(userId, expires: null, setDefaultTimes: false);

    public static string WithoutSubject() => Create(null);

    /// <summary><c>{"alg":"none"}</c>, the claims of a valid token, and no signature.</summary>
    public static string AlgNone(string userId) => Unsigned(userId, new { alg = "none", typ = "JWT" });

    /// <summary>A header still saying HS256, with the signature cut off.</summary>
    public static string SignatureStripped(string userId)
    {
        var valid = Valid(userId);
        return valid[..(valid.LastIndexOf('.') + 1)];
    }

    private static string Unsigned(string userId, object header)
    {
        var now = DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = userId, ["name"] = "Minted", ["role"] = "participant", ["iss"] = Issuer, ["aud"] = Audience,
            ["iat"] = now.ToUnixTimeSeconds(), ["nbf"] = now.ToUnixTimeSeconds(), ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        return Base64UrlEncoder.Encode(JsonSerializer.Serialize(header)) + "." + Base64UrlEncoder.Encode(JsonSerializer.Serialize(claims)) + ".";
    }

    private static SigningCredentials Hmac(string key) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256);

    private static string Create(
        string? userId,
        string name = "Minted",
        string role = "participant",
        string issuer = Issuer,
        string audience = Audience,
        DateTime? notBefore = null,
        DateTime? expires = default,
        SigningCredentials? credentials = null,
        bool setDefaultTimes = true)
    {
        var now = DateTime.UtcNow;
        notBefore ??= now;
        if (setDefaultTimes) expires ??= now.AddHours(1);
        var claims = new List<Claim> { new("name", name), new("role", role) };
        if (userId is not null) claims.Add(new Claim("sub", userId));
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = setDefaultTimes }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Subject = new ClaimsIdentity(claims),
            SigningCredentials = credentials ?? Hmac(SigningKey),
        });
    }
}
