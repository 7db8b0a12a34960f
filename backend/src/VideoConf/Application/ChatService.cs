using VideoConf.Domain;
using VideoConf.Realtime;
using VideoConf.Storage.Contract;

namespace VideoConf.Application;

/// <summary>Sending a chat message: the one path behind both <c>POST .../messages</c> and the <c>chat-message</c> socket event.</summary>
internal sealed class ChatService(SessionAccess access, IMessageRepository messages, SessionBroadcaster broadcaster)
{
    public const int MaxTextLength = 2000;
    public const int MaxClientIdLength = 100;

    public async Task<StoredMessage> SendAsync(string sessionId, UserIdentity user, string? text, string? clientId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text)) throw ApiProblemException.BadRequest("The message text is required.");
        if (text.Length > MaxTextLength) throw ApiProblemException.BadRequest($"The message text is longer than {MaxTextLength} characters.");
        if (clientId is { Length: 0 or > MaxClientIdLength })
            throw ApiProblemException.BadRequest($"clientId must be 1 to {MaxClientIdLength} characters.");

        await access.RequireActiveMemberAsync(sessionId, user, ct);

        var stored = await messages.AddAsync(new ChatMessage
        {
            Id = Ids.New(),
            SessionId = sessionId,
            UserId = user.Id,
            UserName = user.Name,
            Text = text,
            ClientId = clientId,
            CreatedAt = Clock.UtcNow(),
        }, ct);

        // A repeated clientId returns the stored copy without a second event: the room already has it.
        if (stored.Created)
            await broadcaster.EmitAsync(sessionId, VideoEvents.ChatMessageAdded, stored.Message, stored.Message.Id);
        return stored;
    }
}
