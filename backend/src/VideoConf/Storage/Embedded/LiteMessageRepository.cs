using LiteDB;
using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Embedded;

internal sealed class LiteMessageRepository(LiteStore store) : IMessageRepository
{
    public Task<StoredMessage> AddAsync(ChatMessage message, CancellationToken ct = default)
    {
        message.DedupKey = ChatMessage.DedupKeyFor(message.SessionId, message.UserId, message.ClientId, message.Id);
        return Task.FromResult(store.Write(db =>
        {
            var messages = db.GetCollection<ChatMessage>(LiteCollections.Messages);
            var existing = messages.FindOne(m => m.DedupKey == message.DedupKey);
            if (existing is not null) return new StoredMessage(existing, Created: false);

            message.Seq = NextSeq(db, message.SessionId);
            messages.Insert(message);
            return new StoredMessage(message, Created: true);
        }));
    }

    public Task<IReadOnlyList<ChatMessage>> ListAsync(string sessionId, long? before, int limit, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ChatMessage>>(store.Read(db =>
        {
            var query = db.GetCollection<ChatMessage>(LiteCollections.Messages).Query().Where(m => m.SessionId == sessionId);
            if (before is { } b) query = query.Where(m => m.Seq < b);
            var latest = query.OrderByDescending(m => m.Seq).Limit(limit).ToList();
            latest.Reverse();
            return latest;
        }));

    // Runs inside the caller's transaction, so the read-increment-write cannot interleave with another writer.
    private static long NextSeq(LiteDatabase db, string sessionId)
    {
        var counters = db.GetCollection(LiteCollections.Counters);
        var counter = counters.FindById(sessionId) ?? new BsonDocument { ["_id"] = sessionId, ["seq"] = 0L };
        var next = counter["seq"].AsInt64 + 1;
        counter["seq"] = next;
        counters.Upsert(counter);
        return next;
    }
}
