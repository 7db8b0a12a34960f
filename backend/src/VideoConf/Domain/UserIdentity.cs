namespace VideoConf.Domain;

/// <summary>Who is calling, as decided by the validated token (never by anything else the client sends).</summary>
internal sealed record UserIdentity(string Id, string Name, string Role)
{
    public bool IsCoach => Role == Roles.Coach;
}
