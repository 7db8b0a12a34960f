namespace VideoConf.Realtime;

/// <summary>The event names of the <c>/video</c> namespace, exactly as in the contract.</summary>
internal static class VideoEvents
{
    // server → client
    public const string ResourceUploaded = "resource-uploaded";
    public const string ResourceDeleted = "resource-deleted";
    public const string PollCreated = "poll-created";
    public const string PollVoted = "poll-voted";
    public const string PollDeleted = "poll-deleted";
    public const string ChatMessageAdded = "chat-message-added";
    public const string ParticipantJoined = "participant-joined";
    public const string ParticipantLeft = "participant-left";
    public const string Participants = "participants";
    public const string HandRaised = "hand-raised";
    public const string HandLowered = "hand-lowered";
    public const string CursorMoved = "cursor-moved";
    public const string UserActivityChanged = "user-activity-changed";
    public const string SessionEnded = "session-ended";

    // client → server (typing, code_change and signal are relayed under the same name)
    public const string ChatMessage = "chat-message";
    public const string Typing = "typing";
    public const string RaiseHand = "raise-hand";
    public const string CodeChange = "code_change";
    public const string CursorUpdate = "cursor-update";
    public const string ActivityStatus = "activity-status";
    public const string Signal = "signal";

    /// <summary>Every event a client may send; anything else is answered as unknown.</summary>
    public static readonly IReadOnlySet<string> ClientEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        ChatMessage, Typing, RaiseHand, CodeChange, CursorUpdate, ActivityStatus, Signal,
    };
}
