namespace VideoConf.Auth;

/// <summary>The <c>Auth</c> configuration section.</summary>
internal sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>An external OpenID Connect issuer whose tokens are accepted too (its keys come from its metadata).</summary>
    public string? Authority { get; set; }

    /// <summary>The audience every accepted token must carry; development tokens are issued for it.</summary>
    public string Audience { get; set; } = "videoconf";

    /// <summary>The issuer of development tokens (and an accepted issuer).</summary>
    public string Issuer { get; set; } = "videoconf";

    /// <summary>HMAC key for development tokens (at least 32 characters); unset: a key generated once under the data folder.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long development tokens stay valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Whether <c>POST /api/auth/login</c> issues tokens; turn off when only an external issuer should be trusted.</summary>
    public bool DevelopmentLogin { get; set; } = true;

    /// <summary>Require HTTPS for the external issuer's metadata (only worth turning off for a local test issuer).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
