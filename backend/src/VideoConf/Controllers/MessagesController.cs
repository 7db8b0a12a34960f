using Microsoft.AspNetCore.Mvc;
using VideoConf.Application;
using VideoConf.Controllers.Models;
using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Controllers;

[Route("api/sessions/{sessionId}/messages")]
internal sealed class MessagesController(IMessageRepository messages, SessionAccess access, ChatService chat) : VideoConfController
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>History page: the latest <c>limit</c> messages before sequence number <c>before</c>, oldest first.</summary>
    [HttpGet]
    public async Task<ActionResult<IReadOnlyList<ChatMessage>>> List(string sessionId, [FromQuery] long? before, [FromQuery] int? limit, CancellationToken ct)
    {
        if (limit < 1) throw ApiProblemException.BadRequest("limit must be at least 1.");
        await access.RequireMemberAsync(sessionId, CurrentUser, ct);
        return Ok(await messages.ListAsync(sessionId, before, Math.Min(limit ?? DefaultLimit, MaxLimit), ct));
    }

    /// <summary>201 with the new message; 200 with the stored one when this clientId was already sent.</summary>
    [HttpPost]
    public async Task<ActionResult<ChatMessage>> Send(string sessionId, SendMessageRequest request, CancellationToken ct)
    {
        var stored = await chat.SendAsync(sessionId, CurrentUser, request.Text, request.ClientId, ct);
        return stored.Created
            ? Created($"/api/sessions/{sessionId}/messages?before={stored.Message.Seq + 1}&limit=1", stored.Message)
            : Ok(stored.Message);
    }
}
