using Tether.SocketIO.Internal;

namespace Tether.SocketIO;

public partial class Namespace
{
    internal const string InternalErrorMessage = "Internal server error";
    internal const string RefusedMessage = "Connection refused";

    /// <summary>
    /// A client's CONNECT for this namespace: middleware, then (if admitted) activation, the CONNECT reply, and the
    /// connection handlers. Runs synchronously up to the first middleware that really waits, so with synchronous
    /// middleware the whole handshake happens on the read loop that received the packet.
    /// </summary>
    internal async Task AddAsync(ClientConnection client, SocketHandshake handshake)
    {
        var session = await TryRestoreSessionAsync(handshake).ConfigureAwait(false);
        var socket = new Socket(this, client, handshake, SocketServices.Create(ServerImpl.Services), session?.Sid);
        if (session is not null) socket.Restore(session);
        else if (Recovery is not null) socket.AssignPid();

        // As in Node, a recovered socket skips the middleware (it passed it before) unless configured otherwise.
        var skipMiddlewares = session is not null && Recovery!.SkipMiddlewares && client.Connection.IsOpen;
        var refusal = skipMiddlewares ? null : await RunMiddlewaresAsync(socket).ConfigureAwait(false);
        if (refusal is not null)
        {
            socket.AbandonRestore();
            client.SendConnectError(Name, refusal.Message, refusal.Data);
            await socket.ReleaseAsync().ConfigureAwait(false);
            return;
        }

        if (!client.TryRegister(socket))
        {
            // The connection closed while the middleware ran.
            socket.AbandonRestore();
            await socket.ReleaseAsync().ConfigureAwait(false);
            return;
        }
        if (!socket.TryActivate())
        {
            socket.AbandonRestore(); // closed between registration and activation; CloseAsync released it
            return;
        }
        // Back in its rooms: a recovered socket's missed packets now include what was logged while the middleware ran.
        socket.CompleteRestore();

        // Queued before anything a connection handler emits: the client must learn its sid first.
        socket.SendConnectReply();
        // Then what a recovered client missed, before anything newer.
        socket.ReplayMissedPackets();

        foreach (var handler in Handlers.ConnectionHandlers)
        {
            try
            {
                await handler(socket).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.ConnectionHandlerFailed(ServerImpl.NamespaceLogger, Name, socket.Id, ex);
            }
        }
        try
        {
            Adapter.SocketConnected(socket);
        }
        catch (Exception ex)
        {
            Log.AdapterFailed(ServerImpl.NamespaceLogger, Name, ex);
        }
    }

    /// <summary>
    /// The session a reconnecting client asks for (<c>auth.pid</c> and <c>auth.offset</c>), when recovery applies here
    /// and the adapter still has it; null otherwise (the client then connects afresh, as in Node).
    /// </summary>
    private async Task<Adapters.RecoveredSession?> TryRestoreSessionAsync(SocketHandshake handshake)
    {
        if (Recovery is null || !Socket.TryGetRecoveryAuth(handshake, out var pid, out var offset)) return null;
        try
        {
            var session = await Adapter.RestoreSessionAsync(pid, offset).ConfigureAwait(false);
            // Never two live sockets with one id (a session restored elsewhere, or a misbehaving adapter).
            if (session is not null && SocketsMap.ContainsKey(session.Sid))
            {
                Adapters.InMemoryAdapter.AbandonRestore(session);
                return null;
            }
            return session;
        }
        catch (Exception ex)
        {
            Log.RestoreFailed(ServerImpl.NamespaceLogger, Name, ex);
            return null;
        }
    }

    /// <summary>Runs the middleware chain; returns the refusal to send, or null when the socket may connect.</summary>
    private async Task<ConnectErrorPayload?> RunMiddlewaresAsync(Socket socket)
    {
        var middlewares = Handlers.Middlewares;
        if (middlewares.Length == 0) return null;
        var reachedEnd = false;
        try
        {
            await Next(0).ConfigureAwait(false);
        }
        catch (SocketIOConnectException ex)
        {
            Log.ConnectRefused(ServerImpl.NamespaceLogger, socket.Client.Connection.Id, Name, ex.Message);
            return new ConnectErrorPayload(ex.Message, ex.ErrorData);
        }
        catch (Exception ex)
        {
            // Never leak internals to the client: a generic message, the details in the log.
            Log.MiddlewareFailed(ServerImpl.NamespaceLogger, Name, socket.Client.Connection.Id, ex);
            return new ConnectErrorPayload(InternalErrorMessage);
        }
        if (!reachedEnd)
        {
            Log.ConnectRefused(ServerImpl.NamespaceLogger, socket.Client.Connection.Id, Name, RefusedMessage);
            return new ConnectErrorPayload(RefusedMessage);
        }
        return null;

        Task Next(int index)
        {
            if (index == middlewares.Length)
            {
                reachedEnd = true;
                return Task.CompletedTask;
            }
            return middlewares[index](socket, () => Next(index + 1));
        }
    }
}
