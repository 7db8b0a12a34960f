using Tether.EngineIO;
using Tether.EngineIO.Collections;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Internal;

/// <summary>
/// The Socket.IO side of one Engine.IO connection: decodes its packets, routes them to its sockets (one per joined
/// namespace: multiplexing), enforces the connect timeout, and queues encoded frames on the connection.
/// </summary>
internal sealed class ClientConnection : IListNode<ClientConnection>
{
    private readonly SocketIOServer _server;
    private readonly PacketDecoder _decoder;
    // Copy-on-write under Gate: almost every connection joins one namespace, so a flat array (read without a lock)
    // costs a few bytes where a concurrent dictionary costs half a kilobyte per connection.
    private Socket[] _sockets = [];
    private bool _closed;
    private ITimer? _connectTimer;

    public ClientConnection(SocketIOServer server, EngineConnection connection)
    {
        _server = server;
        Connection = connection;
        _decoder = new PacketDecoder(server.DecoderLimits, server.JsonOptions);
    }

    public EngineConnection Connection { get; }

    // This connection's links in the server's list of open connections (written under the server's lock).
    private ListLinks<ClientConnection> _links;

    ref ListLinks<ClientConnection> IListNode<ClientConnection>.Links => ref _links;

    // The object itself: it is internal and never handed out, so nobody else can lock it, and an idle connection
    // does not carry a lock object of its own.
    private object Gate => this;

    /// <summary>The sockets of this connection, by namespace name (a snapshot).</summary>
    public IReadOnlyDictionary<string, Socket> Sockets => Volatile.Read(ref _sockets).ToDictionary(s => s.Namespace.Name, StringComparer.Ordinal);

    private Socket? FindSocket(string nsp)
    {
        foreach (var socket in Volatile.Read(ref _sockets))
        {
            if (string.Equals(socket.Namespace.Name, nsp, StringComparison.Ordinal)) return socket;
        }
        return null;
    }

    /// <summary>Starts the connect timeout: a connection that joins no namespace in time is closed.</summary>
    public void Start()
    {
        var timeout = _server.Options.ConnectTimeout;
        if (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan) return;
        _connectTimer = _server.TimeProvider.CreateTimer(static state => ((ClientConnection)state!).OnConnectTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    private void OnConnectTimeout()
    {
        if (Volatile.Read(ref _sockets).Length > 0 || !Connection.IsOpen) return;
        Log.ConnectTimeout(_server.ServerLogger, Connection.Id);
        ForceClose(DisconnectReasons.ForcedServerClose);
    }

    /// <summary>A message from the read loop. Never throws: a bad packet closes this connection only.</summary>
    public void OnMessage(bool isBinary, ReadOnlySpan<byte> data)
    {
        IncomingPacket? packet;
        try
        {
            packet = isBinary ? _decoder.DecodeBinary(data) : _decoder.DecodeText(data);
        }
        catch (Exception ex)
        {
            // Any decoder failure (protocol violation, limits, JSON) means the stream can no longer be trusted.
            Log.ParseError(_server.ServerLogger, Connection.Id, ex);
            foreach (var socket in Volatile.Read(ref _sockets)) socket.RaiseError(ex);
            ForceClose(DisconnectReasons.ParseError);
            return;
        }
        if (packet is null) return; // waiting for binary attachments

        try
        {
            Route(packet);
        }
        catch (Exception ex)
        {
            Log.PacketHandlingFailed(_server.ServerLogger, Connection.Id, ex);
        }
    }

    private void Route(IncomingPacket packet)
    {
        if (FindSocket(packet.Namespace) is { } socket)
        {
            switch (packet.Type)
            {
                case SocketIOPacketType.Connect when socket.IsLeaving:
                    // A reconnect racing the old socket's asynchronous Disconnecting handlers: a fresh socket.
                    Connect(packet);
                    return;
                case SocketIOPacketType.Connect:
                    // The npm client sends CONNECT again when connect() is called on a socket that is already
                    // connecting over an open manager; the first reply serves both.
                    Log.DuplicateConnect(_server.ServerLogger, Connection.Id, packet.Namespace);
                    return;
                case SocketIOPacketType.Event or SocketIOPacketType.BinaryEvent:
                    socket.OnEventPacket(packet);
                    return;
                case SocketIOPacketType.Ack or SocketIOPacketType.BinaryAck:
                    socket.OnAckPacket(packet);
                    return;
                case SocketIOPacketType.Disconnect:
                    TaskObserver.Observe(socket.CloseAsync(DisconnectReasons.ClientNamespaceDisconnect), socket, "disconnect");
                    return;
            }
        }
        else if (packet.Type == SocketIOPacketType.Connect)
        {
            Connect(packet);
            return;
        }

        // A packet for a namespace it has not joined, or a CONNECT_ERROR from a client: as Node does, close the
        // connection. (A second CONNECT for a joined namespace is ignored above: the npm client sends one when
        // connect() is called on a socket whose manager is already open.)
        Log.InvalidState(_server.ServerLogger, Connection.Id, packet.Namespace, packet.Type.ToString());
        ForceClose(DisconnectReasons.ForcedServerClose);
    }

    private void Connect(IncomingPacket packet)
    {
        var handshake = new SocketHandshake(Connection.Request, packet.Data, _server.JsonOptions);
        var nsp = _server.ResolveNamespace(packet.Namespace, handshake);
        if (nsp is null)
        {
            Log.InvalidNamespace(_server.ServerLogger, Connection.Id, packet.Namespace);
            SendConnectError(packet.Namespace, "Invalid namespace", null);
            return;
        }
        var connectionId = Connection.Id;
        TaskObserver.Observe(nsp.AddAsync(this, handshake), _server.NamespaceLogger, (logger, ex) => Log.PacketHandlingFailed(logger, connectionId, ex));
    }

    /// <summary>
    /// Adds an admitted socket; false when the connection closed meanwhile, or when a concurrent CONNECT for the
    /// same namespace won (overwriting it would orphan the first socket: connected, but unreachable on close). A
    /// socket that is already disconnecting is replaced (its removal only removes itself).
    /// </summary>
    public bool TryRegister(Socket socket)
    {
        lock (Gate)
        {
            if (_closed) return false;
            var nsp = socket.Namespace.Name;
            var existing = FindSocket(nsp);
            if (existing is { IsLeaving: false }) return false;
            var sockets = _sockets;
            Volatile.Write(ref _sockets, existing is null ? [.. sockets, socket] : Array.ConvertAll(sockets, s => ReferenceEquals(s, existing) ? socket : s));
        }
        // Joined a namespace: the connect timeout no longer applies.
        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        return true;
    }

    public void Remove(Socket socket)
    {
        lock (Gate)
        {
            var sockets = _sockets;
            var index = Array.IndexOf(sockets, socket);
            if (index >= 0) Volatile.Write(ref _sockets, [.. sockets.AsSpan(0, index), .. sockets.AsSpan(index + 1)]);
        }
    }

    public bool SendPacket(OutgoingPacket packet) => Send(PacketEncoder.Encode(packet, _server.JsonOptions));

    /// <summary>Queues the frames of one packet (text frame plus its attachments, kept adjacent).</summary>
    public bool Send(EngineMessage[] frames) => frames.Length == 1 ? Connection.Send(frames[0]) : Connection.Send(frames);

    public void SendConnectError(string nsp, string message, object? data)
        => SendPacket(new OutgoingPacket(SocketIOPacketType.ConnectError, nsp, new ConnectErrorPayload(message, data)));

    /// <summary>
    /// <c>socket.DisconnectAsync(close: true)</c>: every socket gets a DISCONNECT packet and the reason
    /// "server namespace disconnect" (as in Node), then the connection is closed after flushing them.
    /// </summary>
    public Task DisconnectAllAsync()
    {
        var sockets = Volatile.Read(ref _sockets);
        var tasks = new Task[sockets.Length];
        for (var i = 0; i < sockets.Length; i++) tasks[i] = sockets[i].DisconnectAsync();
        lock (Gate) _closed = true;
        Connection.Close();
        return Task.WhenAll(tasks);
    }

    /// <summary>Disconnects every socket with <paramref name="reason"/> and closes the connection.</summary>
    public void ForceClose(string reason)
    {
        CloseSockets(reason);
        Connection.Close();
    }

    /// <summary>The Engine.IO connection closed (called once).</summary>
    public void OnEngineClose(EngineCloseReason reason)
    {
        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        CloseSockets(MapReason(reason));
    }

    /// <summary>Disconnects every socket without sending anything (server shutdown, transport gone).</summary>
    public Task CloseSockets(string reason)
    {
        lock (Gate) _closed = true;
        var sockets = Volatile.Read(ref _sockets);
        if (sockets.Length == 0) return Task.CompletedTask;
        var tasks = new Task[sockets.Length];
        for (var i = 0; i < sockets.Length; i++)
        {
            tasks[i] = sockets[i].CloseAsync(reason);
            TaskObserver.Observe(tasks[i], sockets[i], "disconnect");
        }
        return Task.WhenAll(tasks);
    }

    internal static string MapReason(EngineCloseReason reason) => reason switch
    {
        EngineCloseReason.PingTimeout => DisconnectReasons.PingTimeout,
        EngineCloseReason.ClientClose => DisconnectReasons.TransportClose,
        EngineCloseReason.TransportClose => DisconnectReasons.TransportClose,
        EngineCloseReason.TransportError => DisconnectReasons.TransportError,
        // The peer read too slowly: a write-side transport failure as far as the application is concerned.
        EngineCloseReason.SlowConsumer => DisconnectReasons.TransportError,
        _ => DisconnectReasons.ForcedClose,
    };
}
