using System.Text.Json;
using Soak.Client;

namespace Soak.Scenario;

/// <summary>
/// What one client received, folded as it arrives (events are not kept, so a long soak stays small): counts per id,
/// order per sender, and the sequence of presence values per sender.
/// </summary>
public sealed class ClientObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _chats = [];
    private readonly Dictionary<string, long> _lastSeqBySender = [];
    private readonly Dictionary<string, int> _pollsCreated = [];
    private readonly List<string> _pollOrder = [];
    private readonly Dictionary<string, Dictionary<int, int>> _voteTotals = [];
    private readonly Dictionary<string, int> _resources = [];
    private readonly Dictionary<string, List<bool>> _hands = [];
    private readonly Dictionary<string, List<bool>> _typing = [];
    private readonly Dictionary<string, List<bool>> _activity = [];
    private readonly Dictionary<string, int> _other = [];
    private readonly HashSet<string> _markers = [];
    private long _lastSeq;

    public ClientObserver(string userId) => UserId = userId;

    public string UserId { get; }

    /// <summary>Completes at the first <c>participants</c> event: the socket is in its rooms.</summary>
    public TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Events { get; private set; }

    public int SenderOrderViolations { get; private set; }

    public int SeqInversions { get; private set; }

    public int VotedBeforeCreated { get; private set; }

    public List<string> Notes { get; } = [];

    public void OnEvent(ReceivedEvent e)
    {
        lock (_gate)
        {
            Events++;
            var p = e.Payload;
            switch (e.Name)
            {
                case "participants":
                    Ready.TrySetResult();
                    break;
                case "chat-message-added":
                {
                    var id = Str(p, "_id");
                    _chats[id] = _chats.GetValueOrDefault(id) + 1;
                    var seq = p.GetProperty("seq").GetInt64();
                    var sender = Str(p, "userId");
                    if (_lastSeqBySender.TryGetValue(sender, out var last) && seq <= last)
                    {
                        SenderOrderViolations++;
                        Note($"chat seq {seq} of sender {sender} after {last}");
                    }
                    _lastSeqBySender[sender] = Math.Max(seq, last);
                    if (seq < _lastSeq) SeqInversions++;
                    _lastSeq = Math.Max(_lastSeq, seq);
                    var text = Str(p, "text");
                    if (text.StartsWith("marker-", StringComparison.Ordinal)) _markers.Add(text);
                    break;
                }
                case "poll-created":
                {
                    var id = Str(p, "_id");
                    var seen = _pollsCreated.GetValueOrDefault(id);
                    _pollsCreated[id] = seen + 1;
                    if (seen == 0) _pollOrder.Add(id);
                    break;
                }
                case "poll-voted":
                {
                    var id = Str(p, "_id");
                    if (!_pollsCreated.ContainsKey(id))
                    {
                        VotedBeforeCreated++;
                        Note($"poll-voted for {id} before its poll-created");
                    }
                    var total = p.GetProperty("options").EnumerateArray().Sum(o => o.GetProperty("votes").GetInt32());
                    if (!_voteTotals.TryGetValue(id, out var totals)) _voteTotals[id] = totals = [];
                    totals[total] = totals.GetValueOrDefault(total) + 1;
                    break;
                }
                case "resource-uploaded":
                {
                    var id = Str(p, "_id");
                    _resources[id] = _resources.GetValueOrDefault(id) + 1;
                    break;
                }
                case "hand-raised":
                case "hand-lowered":
                    Append(_hands, Str(p, "userId"), e.Name == "hand-raised");
                    break;
                case "typing":
                    Append(_typing, Str(p, "userId"), p.GetProperty("isTyping").GetBoolean());
                    break;
                case "user-activity-changed":
                    Append(_activity, Str(p, "userId"), p.GetProperty("isActive").GetBoolean());
                    break;
                default:
                    _other[e.Name] = _other.GetValueOrDefault(e.Name) + 1;
                    break;
            }
        }
    }

    /// <summary>The polls this member has heard of, in arrival order (members vote on what they saw).</summary>
    public IReadOnlyList<string> KnownPolls()
    {
        lock (_gate) return _pollOrder.ToList();
    }

    public bool HasMarker(string text)
    {
        lock (_gate) return _markers.Contains(text);
    }

    public Snapshot Take()
    {
        lock (_gate)
        {
            return new Snapshot(
                new Dictionary<string, int>(_chats),
                new Dictionary<string, int>(_pollsCreated),
                _voteTotals.ToDictionary(kv => kv.Key, kv => new Dictionary<int, int>(kv.Value)),
                new Dictionary<string, int>(_resources),
                Copy(_hands), Copy(_typing), Copy(_activity),
                new Dictionary<string, int>(_other));
        }
    }

    private void Note(string text)
    {
        if (Notes.Count < 20) Notes.Add(text);
    }

    private static void Append(Dictionary<string, List<bool>> bySender, string sender, bool value)
    {
        if (!bySender.TryGetValue(sender, out var list)) bySender[sender] = list = [];
        list.Add(value);
    }

    private static Dictionary<string, List<bool>> Copy(Dictionary<string, List<bool>> source) =>
        source.ToDictionary(kv => kv.Key, kv => kv.Value.ToList());

    private static string Str(JsonElement p, string name) =>
        p.ValueKind == JsonValueKind.Object && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    public sealed record Snapshot(
        Dictionary<string, int> Chats,
        Dictionary<string, int> PollsCreated,
        Dictionary<string, Dictionary<int, int>> VoteTotals,
        Dictionary<string, int> Resources,
        Dictionary<string, List<bool>> Hands,
        Dictionary<string, List<bool>> Typing,
        Dictionary<string, List<bool>> Activity,
        Dictionary<string, int> Other);
}
