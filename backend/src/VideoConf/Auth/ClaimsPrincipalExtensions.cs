using System.Security.Claims;
using VideoConf.Domain;

namespace VideoConf.Auth;

internal static class ClaimsPrincipalExtensions
{
    /// <summary>
    /// The caller as the token says, or null without a subject. Tokens from an external issuer may lack our
    /// <c>role</c> claim (they count as participants) or name the user differently.
    /// </summary>
    public static UserIdentity? ToUserIdentity(this ClaimsPrincipal principal)
    {
        var id = principal.FindFirst(VideoConfClaims.Subject)?.Value;
        if (string.IsNullOrEmpty(id)) return null;

        var name = principal.FindFirst(VideoConfClaims.Name)?.Value
            ?? VideoConfClaims.FallbackNames.Select(n => principal.FindFirst(n)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v))
            ?? id;
        var role = principal.FindFirst(VideoConfClaims.Role)?.Value;
        return new UserIdentity(id, name, Roles.IsKnown(role) ? role! : Roles.Participant);
    }
}
