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
        var socket = new Socket(this, client, handshake, SocketServices.Create(ServerImpl.Services));
        var refusal = await RunMiddlewaresAsync(socket).ConfigureAwait(false);
        if (refusal is not null)
        {
            client.SendConnectError(Name, refusal.Message, refusal.Data);
            await socket.ReleaseAsync().ConfigureAwait(false);
            return;
        }

        if (!client.TryRegister(socket))
        {
            // The connection closed while the middleware ran.
            await socket.ReleaseAsync().ConfigureAwait(false);
            return;
        }
        if (!socket.TryActivate()) return; // closed between registration and activation; CloseAsync released it

        // Queued before anything a connection handler emits: the client must learn its sid first.
        socket.SendConnectReply();

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
