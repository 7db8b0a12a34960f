using Tether.SocketIO;

namespace VideoConf.Realtime;

/// <summary>
/// Emits a stored change to a session's room on <c>/video</c> through the injected server handle (the seeds'
/// <c>req.app.get('io')</c>), and logs every emit so "did the server send it?" is answered by the log.
/// </summary>
internal sealed class SessionBroadcaster(ISocketIOServer io, ILogger<SessionBroadcaster> logger)
{
    /// <summary>
    /// Call only after the change is stored. A failed emit is logged, not thrown: the change stands and clients
    /// re-read it on their next fetch, so failing the request would only invite a duplicate retry.
    /// </summary>
    public async Task EmitAsync(string sessionId, string eventName, object payload, string ids)
    {
        try
        {
            await io.Of(VideoNamespace.Name).To(Rooms.Session(sessionId)).EmitAsync(eventName, payload);
            logger.LogInformation("Emitted {Event} to session {SessionId} ({Ids})", eventName, sessionId, ids);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Failed to emit {Event} to session {SessionId} ({Ids})", eventName, sessionId, ids);
        }
    }
}
