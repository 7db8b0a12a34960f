using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Embedded;

internal sealed class LiteSessionRepository(LiteStore store) : ISessionRepository
{
    public Task CreateAsync(Session session, CancellationToken ct = default)
    {
        store.Write(db => db.GetCollection<Session>(LiteCollections.Sessions).Insert(session));
        return Task.CompletedTask;
    }

    public Task<Session?> GetAsync(string sessionId, CancellationToken ct = default) =>
        Task.FromResult<Session?>(store.Read(db => db.GetCollection<Session>(LiteCollections.Sessions).FindById(sessionId)));

    public Task<Session?> JoinAsync(string sessionId, Participant participant, CancellationToken ct = default) =>
        Task.FromResult(store.Write(db =>
        {
            var sessions = db.GetCollection<Session>(LiteCollections.Sessions);
            var session = sessions.FindById(sessionId);
            if (session is null || !session.IsActive()) return null;

            var existing = session.Participants.FirstOrDefault(p => p.UserId == participant.UserId);
            if (existing is { LeftAt: null }) return session;
            if (existing is null)
            {
                session.Participants.Add(participant);
            }
            else
            {
                existing.Name = participant.Name;
                existing.Role = participant.Role;
                existing.JoinedAt = participant.JoinedAt;
                existing.LeftAt = null;
            }

            sessions.Update(session);
            return session;
        }));

    public Task<bool> LeaveAsync(string sessionId, string userId, DateTime at, CancellationToken ct = default) =>
        Task.FromResult(store.Write(db =>
        {
            var sessions = db.GetCollection<Session>(LiteCollections.Sessions);
            var session = sessions.FindById(sessionId);
            var current = session?.Participants.FirstOrDefault(p => p.UserId == userId && p.LeftAt is null);
            if (session is null || current is null) return false;

            current.LeftAt = at;
            sessions.Update(session);
            return true;
        }));

    public Task<Session?> EndAsync(string sessionId, DateTime at, CancellationToken ct = default) =>
        Task.FromResult(store.Write(db =>
        {
            var sessions = db.GetCollection<Session>(LiteCollections.Sessions);
            var session = sessions.FindById(sessionId);
            if (session is null || !session.IsActive()) return null;

            session.Status = SessionStatus.Ended;
            session.EndedAt = at;
            sessions.Update(session);
            return session;
        }));
}
