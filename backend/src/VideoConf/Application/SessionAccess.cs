using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Application;

/// <summary>
/// Loads a session and checks what the caller may do with it, always from the stored participant list (so the
/// answer is the same in every process and after a restart).
/// </summary>
internal sealed class SessionAccess(ISessionRepository sessions)
{
    public async Task<Session> RequireSessionAsync(string sessionId, CancellationToken ct) =>
        await sessions.GetAsync(sessionId, ct) ?? throw ApiProblemException.NotFound($"Session '{sessionId}' does not exist.");

    /// <summary>The host or a participant who has joined and not left.</summary>
    public async Task<Session> RequireMemberAsync(string sessionId, UserIdentity user, CancellationToken ct)
    {
        var session = await RequireSessionAsync(sessionId, ct);
        if (!IsMember(session, user))
            throw ApiProblemException.Forbidden("Join the session first.");
        return session;
    }

    /// <summary>A member of a session that has not ended: the precondition of every change inside a session.</summary>
    public async Task<Session> RequireActiveMemberAsync(string sessionId, UserIdentity user, CancellationToken ct)
    {
        var session = await RequireMemberAsync(sessionId, user, ct);
        if (!session.IsActive()) throw ApiProblemException.Conflict("The session has ended.");
        return session;
    }

    /// <summary>A coach who is a member of an active session: uploads, deletions and polls.</summary>
    public async Task<Session> RequireActiveCoachAsync(string sessionId, UserIdentity user, CancellationToken ct)
    {
        if (!user.IsCoach) throw ApiProblemException.Forbidden("Only a coach may do this.");
        return await RequireActiveMemberAsync(sessionId, user, ct);
    }

    public static bool IsMember(Session session, UserIdentity user) =>
        session.HasActiveParticipant(user.Id);
}
