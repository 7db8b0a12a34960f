using System.Text.Json.Serialization;

namespace VideoConf.Domain;

/// <summary>A user's membership in a session. Leaving keeps the entry (with <see cref="LeftAt"/>) as history.</summary>
internal sealed class Participant
{
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = Roles.Participant;
    public DateTime JoinedAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? LeftAt { get; set; }
}
