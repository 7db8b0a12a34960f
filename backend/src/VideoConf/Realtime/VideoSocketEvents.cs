using Tether.SocketIO;
using VideoConf.Application;
using VideoConf.Domain;

namespace VideoConf.Realtime;

/// <summary>
/// The events of a socket admitted to a session: presence on connect and disconnect, chat, and the relays
/// (typing, hands, code, cursors, activity, WebRTC signals). Bad payloads get an error ack when the client asked
/// for one and a log line otherwise; they never throw into the connection and never touch other clients.
/// </summary>
internal sealed class VideoSocketEvents(ChatService chat, PresenceResync resync, ILogger<VideoSocketEvents> logger)
{
    public async Task AttachAsync(Socket socket)
    {
        var sessionId = SocketPresence.SessionId(socket);
        var user = SocketPresence.User(socket);
        var room = Rooms.Session(sessionId);

        On(socket, VideoEvents.ChatMessage, (payload, ack) => SendChatAsync(sessionId, user, payload, ack));

        On(socket, VideoEvents.Typing, (payload, _) =>
            payload.TryBool("isTyping", out var isTyping, out var error)
                ? Done(socket.To(room).EmitAsync(VideoEvents.Typing, new TypingChanged(user.Id, user.Name, isTyping)))
                : Invalid(error));

        On(socket, VideoEvents.RaiseHand, (payload, _) =>
        {
            if (!payload.TryBool("raised", out var raised, out var error)) return Invalid(error);
            SocketPresence.SetHandRaised(socket, raised);
            return Done(socket.Namespace.To(room).EmitAsync(raised ? VideoEvents.HandRaised : VideoEvents.HandLowered, new HandChanged(user.Id)));
        });

        On(socket, VideoEvents.CodeChange, (payload, _) =>
            payload.TryString("code", required: true, out var code, out var error)
            && payload.TryString("language", required: false, out var language, out error)
                ? Done(socket.To(room).EmitAsync(VideoEvents.CodeChange, new CodeChanged(user.Id, code!, language)))
                : Invalid(error));

        On(socket, VideoEvents.CursorUpdate, (payload, _) =>
            payload.TryInt("line", out var line, out var error) && payload.TryInt("column", out var column, out error)
                ? Done(socket.To(room).EmitAsync(VideoEvents.CursorMoved, new CursorMoved(user.Id, line, column)))
                : Invalid(error));

        On(socket, VideoEvents.ActivityStatus, (payload, _) =>
        {
            if (!payload.TryBool("isActive", out var isActive, out var error)) return Invalid(error);
            SocketPresence.SetActive(socket, isActive);
            return Done(socket.Namespace.To(room).EmitAsync(VideoEvents.UserActivityChanged, new ActivityChanged(user.Id, isActive)));
        });

        On(socket, VideoEvents.Signal, (payload, ack) => RelaySignalAsync(socket, sessionId, user, payload, ack));

        // Anything else (a "join", "subscribe", ... naming another session) has no handler and so no effect; it is
        // answered so the client is not left waiting, and logged so the attempt is visible.
        socket.Use(async (ev, next) =>
        {
            if (VideoEvents.ClientEvents.Contains(ev.Name))
            {
                await next();
                return;
            }
            logger.LogInformation("Ignored unknown event {Event} from socket {SocketId} of user {UserId}",
                ev.Name.Length > 100 ? ev.Name[..100] + "..." : ev.Name, socket.Id, user.Id);
            await ReplyAsync(ev.Ack, new EventAck(false, Error: "Unknown event."));
        });

        socket.Disconnected += async (gone, reason) =>
        {
            // Already back (a quick recovery on this process): the others must not see it leave after its return.
            if (gone.Namespace.Sockets.ContainsKey(gone.Id))
            {
                logger.LogInformation("Socket {SocketId} of user {UserId} was recovered before its leave was announced", gone.Id, user.Id);
                return;
            }
            // Not to its own socket room: if this socket is recovered, its client must not get its own leave replayed.
            await gone.Namespace.To(room).Except(Rooms.SessionSocket(sessionId, gone.Id)).EmitAsync(VideoEvents.ParticipantLeft, SocketPresence.Of(gone));
            logger.LogInformation("Socket {SocketId} of user {UserId} left session {SessionId} ({Reason})", gone.Id, user.Id, sessionId, reason);
        };

        // A recovered socket gets a fresh list too (and the others hear it is back: they were told it left when its
        // connection broke); what it missed meanwhile was replayed before this.
        var sockets = await socket.Namespace.In(room).FetchSocketsAsync();
        var participants = sockets.Select(s => SocketPresence.Read(s.Id, s.Data)).OfType<ParticipantPresence>().ToList();
        resync.Observe(sessionId, sockets);
        await socket.EmitAsync(VideoEvents.Participants, participants);
        await socket.To(room).EmitAsync(VideoEvents.ParticipantJoined, SocketPresence.Of(socket));
    }

    /// <summary>
    /// Relays a WebRTC signal to the sockets that <c>to</c> names (a socket id or a user id) inside the sender's
    /// session only: the target rooms are scoped to the session, so an id from another session reaches no one.
    /// A target that is not there is an error (ack or log line) rather than a silent success.
    /// </summary>
    private async Task<string?> RelaySignalAsync(Socket socket, string sessionId, UserIdentity user, Payload payload, SocketAck? ack)
    {
        if (!payload.TryString("to", required: true, out var to, out var error)) return error;
        if (!payload.TryRaw("data", out var data)) return "'data' is required.";

        var targetRooms = new[] { Rooms.SessionSocket(sessionId, to!), Rooms.SessionUser(sessionId, to!) };
        var targets = await socket.Namespace.In(targetRooms).FetchSocketsAsync();
        if (!targets.Any(t => t.Id != socket.Id))
            return "The signal's target is not connected to this session.";

        // socket.To leaves out the sender itself (a user signalling their own other tab is the one case it matters).
        await socket.To(targetRooms).EmitAsync(VideoEvents.Signal, new SignalRelay(socket.Id, user.Id, data));
        await ReplyAsync(ack, new EventAck(true));
        return null;
    }

    private async Task<string?> SendChatAsync(string sessionId, UserIdentity user, Payload payload, SocketAck? ack)
    {
        if (!payload.TryString("text", required: true, out var text, out var error)
            || !payload.TryString("clientId", required: false, out var clientId, out error))
            return error;

        try
        {
            var stored = await chat.SendAsync(sessionId, user, text, clientId, CancellationToken.None);
            await ReplyAsync(ack, new EventAck(true, stored.Message));
            return null;
        }
        catch (ApiProblemException ex)
        {
            // Same rules as the REST route (empty text, ended session, ...), answered in the ack.
            return ex.Message;
        }
    }

    /// <summary>
    /// Registers a handler that gets the first argument as an object. A handler returns an error text for a bad
    /// payload (answered as <c>{ok:false, error}</c> if the client asked for an ack) or null when it was handled.
    /// </summary>
    private void On(Socket socket, string eventName, Func<Payload, SocketAck?, Task<string?>> handler)
    {
        socket.On(eventName, async (SocketIOArgs args, SocketAck? ack) =>
        {
            try
            {
                var error = Payload.TryRead(args.GetJson(0), out var payload, out var shapeError)
                    ? await handler(payload, ack)
                    : shapeError;
                if (error is null) return;

                logger.LogInformation("Rejected {Event} from socket {SocketId}: {Error}", eventName, socket.Id, error);
                await ReplyAsync(ack, new EventAck(false, Error: error));
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Handling {Event} from socket {SocketId} failed", eventName, socket.Id);
                await ReplyAsync(ack, new EventAck(false, Error: "The server could not handle the event."));
            }
        });
    }

    private static async Task<string?> Done(Task emit)
    {
        await emit;
        return null;
    }

    private static Task<string?> Invalid(string error) => Task.FromResult<string?>(error);

    private async Task ReplyAsync(SocketAck? ack, EventAck reply)
    {
        if (ack is null) return;
        try
        {
            await ack(reply);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "Could not send an ack");
        }
    }
}
