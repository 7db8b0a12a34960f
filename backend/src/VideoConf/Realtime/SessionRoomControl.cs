using Tether.SocketIO;

namespace VideoConf.Realtime;

/// <summary>
/// Takes sockets out of a session when access ends. Addressed by room, so it reaches the sockets in every process
/// once a shared adapter is in place.
/// </summary>
internal sealed class SessionRoomControl(ISocketIOServer io, ILogger<SessionRoomControl> logger)
{
    /// <summary>After a leave: the user's sockets in that session are disconnected (their other sessions are untouched).</summary>
    public Task DisconnectUserAsync(string sessionId, string userId) =>
        RunAsync(Rooms.SessionUser(sessionId, userId), sessionId, "user left");

    /// <summary>After the end: every socket of the session is disconnected.</summary>
    public Task DisconnectSessionAsync(string sessionId) =>
        RunAsync(Rooms.Session(sessionId), sessionId, "session ended");

    private async Task RunAsync(string room, string sessionId, string why)
    {
        try
        {
            await io.Of(VideoNamespace.Name).In(room).DisconnectSocketsAsync();
            logger.LogInformation("Disconnected sockets of session {SessionId} ({Reason})", sessionId, why);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Failed to disconnect sockets of session {SessionId} ({Reason})", sessionId, why);
        }
    }
}
