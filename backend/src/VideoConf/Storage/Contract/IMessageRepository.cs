using VideoConf.Domain;

namespace VideoConf.Storage.Contract;

/// <summary>The outcome of storing a message: the stored copy, and whether this call created it.</summary>
internal sealed record StoredMessage(ChatMessage Message, bool Created);

internal interface IMessageRepository
{
    /// <summary>
    /// Stores the message with the session's next sequence number (an atomic per-session counter). When the same
    /// user already sent a message with the same clientId in this session, nothing is stored and that message is
    /// returned with <c>Created = false</c>.
    /// </summary>
    Task<StoredMessage> AddAsync(ChatMessage message, CancellationToken ct = default);

    /// <summary>
    /// Up to <paramref name="limit"/> of the latest messages with <c>seq &lt; before</c> (all when null), oldest first.
    /// </summary>
    Task<IReadOnlyList<ChatMessage>> ListAsync(string sessionId, long? before, int limit, CancellationToken ct = default);
}
