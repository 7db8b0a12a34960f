namespace VideoConf.Domain;

/// <summary>The two roles of the contract; the token's <c>role</c> claim carries one of them.</summary>
internal static class Roles
{
    public const string Coach = "coach";
    public const string Participant = "participant";

    public static bool IsKnown(string? role) => role is Coach or Participant;
}
