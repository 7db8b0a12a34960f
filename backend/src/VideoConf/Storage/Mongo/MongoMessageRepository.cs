using MongoDB.Bson;
using MongoDB.Driver;
using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Mongo;

internal sealed class MongoMessageRepository(MongoStore store) : IMessageRepository
{
    public async Task<StoredMessage> AddAsync(ChatMessage message, CancellationToken ct = default)
    {
        message.DedupKey = ChatMessage.DedupKeyFor(message.SessionId, message.UserId, message.ClientId, message.Id);

        var existing = await FindByKeyAsync(message.DedupKey, ct);
        if (existing is not null) return new StoredMessage(existing, Created: false);

        message.Seq = await NextSeqAsync(message.SessionId, ct);
        try
        {
            await store.Messages.InsertOneAsync(message, cancellationToken: ct);
            return new StoredMessage(message, Created: true);
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            // A concurrent send with the same clientId won the unique index; its copy is the one. The sequence
            // number this call took stays unused, which only leaves a gap.
            var winner = await FindByKeyAsync(message.DedupKey, ct);
            if (winner is null) throw;
            return new StoredMessage(winner, Created: false);
        }
    }

    public async Task<IReadOnlyList<ChatMessage>> ListAsync(string sessionId, long? before, int limit, CancellationToken ct = default)
    {
        var filter = Builders<ChatMessage>.Filter.Eq(m => m.SessionId, sessionId);
        if (before is { } b) filter &= Builders<ChatMessage>.Filter.Lt(m => m.Seq, b);
        var latest = await store.Messages.Find(filter).SortByDescending(m => m.Seq).Limit(limit).ToListAsync(ct);
        latest.Reverse();
        return latest;
    }

    private async Task<ChatMessage?> FindByKeyAsync(string dedupKey, CancellationToken ct) =>
        await store.Messages.Find(m => m.DedupKey == dedupKey).FirstOrDefaultAsync(ct);

    private async Task<long> NextSeqAsync(string sessionId, CancellationToken ct)
    {
        var counter = await store.Counters.FindOneAndUpdateAsync(
            Builders<BsonDocument>.Filter.Eq("_id", sessionId),
            Builders<BsonDocument>.Update.Inc("seq", 1L),
            new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true, ReturnDocument = ReturnDocument.After },
            ct);
        return counter["seq"].ToInt64();
    }
}
