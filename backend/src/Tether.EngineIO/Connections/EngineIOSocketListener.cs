using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace Tether.EngineIO.Connections;

/// <summary>
/// Kestrel's listening socket, with Engine.IO WebSocket handshakes taken off it before a Kestrel connection exists.
/// Each accepted socket is looked at (its first bytes peeked, not read): an Engine.IO WebSocket handshake is answered
/// here and the session runs on the bare socket, with no pipes, no connection object, no HTTP state; any other
/// connection becomes the very <see cref="ConnectionContext"/> Kestrel's socket transport would have made, with the
/// peeked bytes still unread, and goes to Kestrel through <see cref="AcceptAsync"/>.
/// </summary>
internal sealed partial class EngineIOSocketListener : IConnectionListener
{
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly SocketTransportOptions _options;
    private readonly SocketConnectionContextFactory _contextFactory;
    private readonly Func<EngineServer> _resolveServer;
    private readonly ILogger _logger;
    private readonly Channel<ConnectionContext> _forKestrel =
        Channel.CreateUnbounded<ConnectionContext>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _unbinding = new();
    private readonly Socket _listenSocket;
    private EngineServer? _server;
    private volatile Deadline? _deadline;

    public EngineIOSocketListener(EndPoint endpoint, SocketTransportOptions options, Func<EngineServer> server, ILoggerFactory loggerFactory)
    {
        _options = options;
        _resolveServer = server;
        _logger = loggerFactory.CreateLogger("Tether.EngineIO.Connections.SocketListener");
        _contextFactory = new SocketConnectionContextFactory(
            new SocketConnectionFactoryOptions
            {
                IOQueueCount = options.IOQueueCount,
                WaitForDataBeforeAllocatingBuffer = options.WaitForDataBeforeAllocatingBuffer,
                MaxReadBufferSize = options.MaxReadBufferSize,
                MaxWriteBufferSize = options.MaxWriteBufferSize,
                UnsafePreferInlineScheduling = options.UnsafePreferInlineScheduling,
            },
            loggerFactory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets"));
        _listenSocket = options.CreateBoundListenSocket(endpoint);
        // Port 0 and the like: what was actually bound, for Kestrel's address list.
        EndPoint = _listenSocket.LocalEndPoint ?? endpoint;
        _listenSocket.Listen(options.Backlog);
        _ = AcceptLoopAsync();
    }

    public EndPoint EndPoint { get; }

    /// <summary>The next connection for Kestrel; null once unbound.</summary>
    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        var reader = _forKestrel.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                if (reader.TryRead(out var connection)) return connection;
        }
        catch (OperationCanceledException)
        {
        }
        return null;
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        // Stops accepting; sessions already running are closed by the Engine.IO server's own shutdown.
        _unbinding.Cancel();
        _listenSocket.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        UnbindAsync();
        // Connections accepted but never taken by Kestrel.
        _forKestrel.Writer.TryComplete();
        while (_forKestrel.Reader.TryRead(out var connection)) connection.Abort();
        _contextFactory.Dispose();
        _unbinding.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await _listenSocket.AcceptAsync(_unbinding.Token).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
                {
                    continue; // the client gave up while queued
                }
                catch (SocketException ex) when (ex.SocketErrorCode != SocketError.OperationAborted)
                {
                    // Out of file descriptors or the like: keep listening, but give the process a moment to free some
                    // rather than spin (the pending clients wait in the backlog meanwhile).
                    Log.AcceptFailed(_logger, ex.SocketErrorCode.ToString());
                    await Task.Delay(AcceptRetryDelay, _unbinding.Token).ConfigureAwait(false);
                    continue;
                }
                if (socket.LocalEndPoint is IPEndPoint) socket.NoDelay = _options.NoDelay;
                _ = DispatchAsync(socket);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Unbound.
        }
        finally
        {
            _forKestrel.Writer.TryComplete();
        }
    }

    /// <summary>Waits for the socket's first bytes, then runs it as an Engine.IO WebSocket or hands it to Kestrel.</summary>
    private async Task DispatchAsync(Socket socket)
    {
        try
        {
            var server = _server ??= _resolveServer();
            if (server.AcceptsDirectWebSockets)
            {
                if (!await WaitForFirstBytesAsync(socket).ConfigureAwait(false)) server.OnSilentConnection();
                else if (TryTake(server, socket)) return;
            }
            HandToKestrel(socket);
        }
        catch (Exception ex)
        {
            // A reset while we looked, or unbinding: nobody has the socket yet.
            Log.DispatchFailed(_logger, ex.GetType().Name);
            socket.Dispose();
        }
    }

    /// <summary>Whether data arrived in time (a zero-byte receive: no buffer while waiting).</summary>
    private async ValueTask<bool> WaitForFirstBytesAsync(Socket socket)
    {
        try
        {
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, FirstBytesDeadline()).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// A token cancelled 5 to 6 s from now, shared by the connections accepted within the same second. Shared because
    /// the socket keeps a reference to the last token it waited with for as long as it lives: one source per connection
    /// would stay allocated for the connection's whole life.
    /// </summary>
    private CancellationToken FirstBytesDeadline()
    {
        var now = Environment.TickCount64;
        var current = _deadline;
        if (current is not null && now - current.Started < 1000) return current.Source.Token;
        var next = new Deadline(new CancellationTokenSource(EngineServer.FirstBytesTimeout + TimeSpan.FromSeconds(1)), now);
        // Losing a race only means one more source for this second.
        _deadline = next;
        return next.Source.Token;
    }

    private sealed record Deadline(CancellationTokenSource Source, long Started);

    /// <summary>Peeks at the head; takes the socket (reading the head off it) if it is a handshake the server takes.</summary>
    private bool TryTake(EngineServer server, Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DirectUpgradeRequest.MaxHeadLength);
        try
        {
            int peeked = socket.Receive(buffer, 0, DirectUpgradeRequest.MaxHeadLength, SocketFlags.Peek);
            var request = DirectUpgradeRequest.TryParse(buffer.AsSpan(0, peeked), server.DirectPath);
            if (request is null || !server.CanTakeDirect(request)) return false;

            // The head is in the kernel's buffer already (just peeked): these reads do not wait. Bytes after it (a
            // client that did not wait for the 101) stay there for the WebSocket.
            for (int consumed = 0, read; consumed < request.HeadLength; consumed += read)
            {
                read = socket.Receive(buffer, consumed, request.HeadLength - consumed, SocketFlags.None);
                if (read == 0) throw new IOException("The connection closed while its request head was being read.");
            }

            _ = server.RunDirectWebSocketAsync(request, socket, new SocketStream(socket), socket.RemoteEndPoint, secure: false);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void HandToKestrel(Socket socket)
    {
        var connection = _contextFactory.Create(socket);
        if (!_forKestrel.Writer.TryWrite(connection)) connection.Abort(); // unbinding
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "An accepted connection failed before it was dispatched ({Error}).")]
        public static partial void DispatchFailed(ILogger logger, string error);

        [LoggerMessage(2, LogLevel.Warning, "Accepting a connection failed ({Error}); retrying.")]
        public static partial void AcceptFailed(ILogger logger, string error);
    }
}
