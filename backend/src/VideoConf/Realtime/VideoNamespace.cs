using Tether.SocketIO;
using VideoConf.Auth;
using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Realtime;

/// <summary>
/// The <c>/video</c> namespace: the handshake decides who the socket is (token) and whether it may enter the
/// session's room (stored participant list), then the socket's events are wired by <see cref="VideoSocketEvents"/>.
/// </summary>
internal sealed class VideoNamespace(
    TokenValidator tokens,
    ISessionRepository sessions,
    VideoSocketEvents events,
    NodeIdentity node,
    ILogger<VideoNamespace> logger) : SocketIONamespaceHandler
{
    public const string Name = "/video";

    public override async Task AuthorizeAsync(Socket socket)
    {
        var principal = await tokens.ValidateAsync(HandshakeValues.Token(socket.Handshake));
        var user = principal?.ToUserIdentity();
        if (principal is null || user is null) throw Refusals.Unauthorized();

        var claimed = HandshakeValues.ClaimedUserId(socket.Handshake);
        if (claimed is not null && claimed != user.Id)
        {
            logger.LogWarning("Refused socket {SocketId}: user {UserId} claimed to be another user", socket.Id, user.Id);
            throw Refusals.Forbidden();
        }

        var sessionId = HandshakeValues.SessionId(socket.Handshake);
        if (sessionId is null || !await MayEnterAsync(sessionId, user.Id))
        {
            logger.LogInformation("Refused socket {SocketId}: user {UserId} may not enter session {SessionId}", socket.Id, user.Id, sessionId);
            throw Refusals.Forbidden();
        }

        // A recovered socket passes here again (recovery does not skip this check, so a user who left or was removed
        // while disconnected is refused): it comes back with its old rooms and data, which must be this user's in
        // this session.
        if (socket.Recovered && !SocketPresence.IsRestoredAs(socket, sessionId, user.Id))
        {
            logger.LogWarning("Refused recovery of socket {SocketId}: it was not user {UserId}'s in session {SessionId}", socket.Id, user.Id, sessionId);
            throw Refusals.Forbidden();
        }

        socket.User = principal;
        SocketPresence.Initialize(socket, sessionId, user, node.Id, keepState: socket.Recovered);
    }

    public override async Task OnConnectedAsync(Socket socket)
    {
        var sessionId = SocketPresence.SessionId(socket);
        var user = SocketPresence.User(socket);
        socket.Join([Rooms.Session(sessionId), Rooms.SessionUser(sessionId, user.Id), Rooms.SessionSocket(sessionId, socket.Id)]);

        // A recovered socket is back in these rooms already (joining again changes nothing). A leave or end that ran
        // between the check above and the join could not reach this socket (it was in no room yet); now that it is
        // reachable, look again so it cannot stay in a session it lost.
        if (!await MayEnterAsync(sessionId, user.Id))
        {
            logger.LogInformation("Socket {SocketId} lost access to session {SessionId} while connecting", socket.Id, sessionId);
            await socket.DisconnectAsync();
            return;
        }

        await events.AttachAsync(socket);
        if (socket.Recovered)
            logger.LogInformation("Socket {SocketId} of user {UserId} recovered in session {SessionId}", socket.Id, user.Id, sessionId);
        else
            logger.LogInformation("Socket {SocketId} of user {UserId} entered session {SessionId}", socket.Id, user.Id, sessionId);
    }

    private async Task<bool> MayEnterAsync(string sessionId, string userId)
    {
        var session = await sessions.GetAsync(sessionId);
        return session is not null && session.IsActive() && session.HasActiveParticipant(userId);
    }
}
