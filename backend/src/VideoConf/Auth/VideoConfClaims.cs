namespace VideoConf.Auth;

/// <summary>The JWT claim names this app issues and reads (inbound claim mapping is off, so they arrive as is).</summary>
internal static class VideoConfClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";

    /// <summary>Name claims of common external issuers, tried in order when <c>name</c> is absent.</summary>
    public static readonly string[] FallbackNames = ["preferred_username", "email"];
}
