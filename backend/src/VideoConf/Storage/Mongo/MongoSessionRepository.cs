using MongoDB.Driver;
using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Mongo;

internal sealed class MongoSessionRepository(MongoStore store) : ISessionRepository
{
    private static readonly FilterDefinitionBuilder<Session> Filter = Builders<Session>.Filter;
    private static readonly FindOneAndUpdateOptions<Session> ReturnAfter = new() { ReturnDocument = ReturnDocument.After };

    public Task CreateAsync(Session session, CancellationToken ct = default) =>
        store.Sessions.InsertOneAsync(session, cancellationToken: ct);

    public async Task<Session?> GetAsync(string sessionId, CancellationToken ct = default) =>
        await store.Sessions.Find(s => s.Id == sessionId).FirstOrDefaultAsync(ct);

    public async Task<Session?> JoinAsync(string sessionId, Participant participant, CancellationToken ct = default)
    {
        var active = Filter.Eq(s => s.Id, sessionId) & Filter.Eq(s => s.Status, SessionStatus.Active);

        // A newcomer: append, guarded so two concurrent joins of the same user cannot both append.
        var added = await store.Sessions.FindOneAndUpdateAsync(
            active & Filter.Not(Filter.ElemMatch(s => s.Participants, p => p.UserId == participant.UserId)),
            Builders<Session>.Update.Push(s => s.Participants, participant),
            ReturnAfter, ct);
        if (added is not null) return added;

        // Someone who left: re-admit in place (the positional $ hits the matched entry).
        var readmitted = await store.Sessions.FindOneAndUpdateAsync(
            active & Filter.ElemMatch(s => s.Participants, p => p.UserId == participant.UserId && p.LeftAt != null),
            Builders<Session>.Update
                .Set("participants.$.leftAt", (DateTime?)null)
                .Set("participants.$.joinedAt", participant.JoinedAt)
                .Set("participants.$.name", participant.Name)
                .Set("participants.$.role", participant.Role),
            ReturnAfter, ct);
        if (readmitted is not null) return readmitted;

        // Already a current participant (unchanged), or the session is missing / not active.
        var session = await GetAsync(sessionId, ct);
        return session is not null && session.IsActive() ? session : null;
    }

    public async Task<bool> LeaveAsync(string sessionId, string userId, DateTime at, CancellationToken ct = default)
    {
        var result = await store.Sessions.UpdateOneAsync(
            Filter.Eq(s => s.Id, sessionId) & Filter.ElemMatch(s => s.Participants, p => p.UserId == userId && p.LeftAt == null),
            Builders<Session>.Update.Set("participants.$.leftAt", at),
            cancellationToken: ct);
        return result.ModifiedCount > 0;
    }

    public async Task<Session?> EndAsync(string sessionId, DateTime at, CancellationToken ct = default) =>
        await store.Sessions.FindOneAndUpdateAsync(
            Filter.Eq(s => s.Id, sessionId) & Filter.Eq(s => s.Status, SessionStatus.Active),
            Builders<Session>.Update.Set(s => s.Status, SessionStatus.Ended).Set(s => s.EndedAt, at),
            ReturnAfter, ct);
}
