namespace VideoConf.Domain;

/// <summary>The values of <see cref="Session.Status"/>, kept as strings because they are part of the JSON contract.</summary>
internal static class SessionStatus
{
    public const string Active = "active";
    public const string Ended = "ended";
}
