using Microsoft.AspNetCore.Mvc;
using VideoConf.Application;
using VideoConf.Controllers.Models;
using VideoConf.Domain;
using VideoConf.Realtime;
using VideoConf.Storage.Contract;

namespace VideoConf.Controllers;

[Route("api/sessions/{sessionId}/polls")]
internal sealed class PollsController(IPollRepository polls, SessionAccess access, SessionBroadcaster broadcaster) : VideoConfController
{
    [HttpGet]
    public async Task<ActionResult<IReadOnlyList<Poll>>> List(string sessionId, CancellationToken ct)
    {
        await access.RequireMemberAsync(sessionId, CurrentUser, ct);
        return Ok(await polls.ListAsync(sessionId, ct));
    }

    [HttpPost]
    public async Task<ActionResult<PollResponse>> Create(string sessionId, CreatePollRequest request, CancellationToken ct)
    {
        var user = CurrentUser;
        await access.RequireActiveCoachAsync(sessionId, user, ct);

        var poll = new Poll
        {
            Id = Ids.New(),
            SessionId = sessionId,
            Type = request.Type?.Trim() is { Length: > 0 } type ? type : "multiple",
            Question = request.Question!.Trim(),
            Options = request.Options!.Select(text => new PollOption { Text = text.Trim() }).ToList(),
            CreatedBy = user.Id,
            CreatedAt = Clock.UtcNow(),
        };
        await polls.AddAsync(poll, ct);
        await broadcaster.EmitAsync(sessionId, VideoEvents.PollCreated, poll, poll.Id);
        return Created($"/api/sessions/{sessionId}/polls/{poll.Id}", new PollResponse(poll));
    }

    [HttpPost("{pollId}/vote")]
    public async Task<ActionResult<PollResponse>> Vote(string sessionId, string pollId, VoteRequest request, CancellationToken ct)
    {
        var user = CurrentUser;
        await access.RequireActiveMemberAsync(sessionId, user, ct);

        var outcome = await polls.VoteAsync(sessionId, pollId, user.Id, request.OptionIndex!.Value, ct);
        var poll = outcome.Status switch
        {
            VoteStatus.Voted => outcome.Poll!,
            VoteStatus.PollNotFound => throw ApiProblemException.NotFound($"Poll '{pollId}' does not exist in this session."),
            VoteStatus.AlreadyVoted => throw ApiProblemException.Conflict("You have already voted in this poll."),
            _ => throw ApiProblemException.BadRequest($"optionIndex must be between 0 and {outcome.Poll!.Options.Count - 1}."),
        };

        await broadcaster.EmitAsync(sessionId, VideoEvents.PollVoted, poll, poll.Id);
        return new PollResponse(poll);
    }

    [HttpDelete("{pollId}")]
    public async Task<IActionResult> Delete(string sessionId, string pollId, CancellationToken ct)
    {
        await access.RequireActiveCoachAsync(sessionId, CurrentUser, ct);
        if (!await polls.DeleteAsync(sessionId, pollId, ct))
            throw ApiProblemException.NotFound($"Poll '{pollId}' does not exist in this session.");

        await broadcaster.EmitAsync(sessionId, VideoEvents.PollDeleted, new DeletedItem(pollId, sessionId), pollId);
        return NoContent();
    }
}
