using LiteDB;
using VideoConf.Domain;

namespace VideoConf.Storage.Embedded;

/// <summary>Collection names and the indexes the repositories rely on.</summary>
internal static class LiteCollections
{
    public const string Sessions = "sessions";
    public const string Resources = "resources";
    public const string Polls = "polls";
    public const string Messages = "messages";

    /// <summary>One document per session holding its last chat sequence number.</summary>
    public const string Counters = "counters";

    public static void EnsureIndexes(LiteDatabase db)
    {
        db.GetCollection<Resource>(Resources).EnsureIndex(r => r.SessionId);
        db.GetCollection<Poll>(Polls).EnsureIndex(p => p.SessionId);
        var messages = db.GetCollection<ChatMessage>(Messages);
        messages.EnsureIndex(m => m.SessionId);
        messages.EnsureIndex(m => m.DedupKey, unique: true);
    }
}
