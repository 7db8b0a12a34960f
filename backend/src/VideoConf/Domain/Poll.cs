using System.Text.Json.Serialization;

namespace VideoConf.Domain;

/// <summary>
/// A poll with its counts and the users who voted. Counts and voters change together in one atomic store update,
/// so <c>options.Sum(votes) == voters.Count</c> always holds.
/// </summary>
internal sealed class Poll
{
    [JsonPropertyName("_id")]
    public string Id { get; set; } = "";
    public string SessionId { get; set; } = "";
    public string Type { get; set; } = "multiple";
    public string Question { get; set; } = "";
    public List<PollOption> Options { get; set; } = [];
    public List<string> Voters { get; set; } = [];
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
