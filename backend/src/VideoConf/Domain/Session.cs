using System.Text.Json.Serialization;

namespace VideoConf.Domain;

/// <summary>A conference hosted by a coach. Stored as one document with its participant list embedded.</summary>
internal sealed class Session
{
    [JsonPropertyName("_id")]
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string HostId { get; set; } = "";
    public string Status { get; set; } = SessionStatus.Active;
    public List<Participant> Participants { get; set; } = [];
    public DateTime CreatedAt { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTime? EndedAt { get; set; }

    // Methods rather than computed properties so neither store maps them as fields.
    public bool IsActive() => Status == SessionStatus.Active;

    public bool IsHost(string userId) => HostId == userId;

    /// <summary>
    /// The stored replacement for the seeds' in-memory <c>isAllowed</c>: a user may enter the session's room while
    /// they have joined over REST and not left since.
    /// </summary>
    public bool HasActiveParticipant(string userId) =>
        Participants.Any(p => p.UserId == userId && p.LeftAt is null);
}
