using Microsoft.AspNetCore.Mvc;
using VideoConf.Application;
using VideoConf.Controllers.Models;
using VideoConf.Domain;
using VideoConf.Realtime;
using VideoConf.Storage.Contract;

namespace VideoConf.Controllers;

[Route("api/sessions")]
internal sealed class SessionsController(
    ISessionRepository sessions,
    SessionAccess access,
    SessionBroadcaster broadcaster,
    SessionRoomControl rooms) : VideoConfController
{
    /// <summary>A coach creates a session and is its host and first participant (so their socket may enter it).</summary>
    [HttpPost]
    public async Task<ActionResult<Session>> Create(CreateSessionRequest request, CancellationToken ct)
    {
        var user = CurrentUser;
        if (!user.IsCoach) throw ApiProblemException.Forbidden("Only a coach may create a session.");

        var now = Clock.UtcNow();
        var session = new Session
        {
            Id = Ids.New(),
            Title = request.Title!.Trim(),
            HostId = user.Id,
            CreatedAt = now,
            Participants = [new Participant { UserId = user.Id, Name = user.Name, Role = user.Role, JoinedAt = now }],
        };
        await sessions.CreateAsync(session, ct);
        return CreatedAtAction(nameof(Get), new { id = session.Id }, session);
    }

    [HttpGet("{id}")]
    public async Task<ActionResult<Session>> Get(string id, CancellationToken ct) =>
        await access.RequireMemberAsync(id, CurrentUser, ct);

    /// <summary>The seeds' <c>addAllowed</c>: once stored here, the caller's socket may enter the session's room.</summary>
    [HttpPost("{id}/join")]
    public async Task<ActionResult<Session>> Join(string id, CancellationToken ct)
    {
        var user = CurrentUser;
        var session = await access.RequireSessionAsync(id, ct);
        if (!session.IsActive()) throw ApiProblemException.Conflict("The session has ended.");

        var participant = new Participant { UserId = user.Id, Name = user.Name, Role = user.Role, JoinedAt = Clock.UtcNow() };
        return await sessions.JoinAsync(id, participant, ct) ?? throw ApiProblemException.Conflict("The session has ended.");
    }

    /// <summary>The seeds' <c>removeAllowed</c>: access ends and the caller's sockets leave the session.</summary>
    [HttpPost("{id}/leave")]
    public async Task<ActionResult<Session>> Leave(string id, CancellationToken ct)
    {
        var user = CurrentUser;
        await access.RequireMemberAsync(id, user, ct);
        if (!await sessions.LeaveAsync(id, user.Id, Clock.UtcNow(), ct))
            throw ApiProblemException.Forbidden("You are not a participant of this session.");

        await rooms.DisconnectUserAsync(id, user.Id);
        return await access.RequireSessionAsync(id, ct);
    }

    [HttpPost("{id}/end")]
    public async Task<ActionResult<Session>> End(string id, CancellationToken ct)
    {
        var user = CurrentUser;
        var session = await access.RequireSessionAsync(id, ct);
        if (!session.IsHost(user.Id)) throw ApiProblemException.Forbidden("Only the host may end the session.");

        var ended = await sessions.EndAsync(id, Clock.UtcNow(), ct) ?? throw ApiProblemException.Conflict("The session has already ended.");

        // The event first, then the disconnect: on each connection the event is queued ahead of the disconnect.
        await broadcaster.EmitAsync(id, VideoEvents.SessionEnded, new SessionEnded(id), id);
        await rooms.DisconnectSessionAsync(id);
        return ended;
    }
}
