using System.Collections.Concurrent;
using Tether.EngineIO;
using Tether.SocketIO.Internal;

namespace Tether.SocketIO;

public sealed partial class SocketIOServer
{
    private readonly ConcurrentDictionary<string, ClientConnection> _clients = new(StringComparer.Ordinal);

    /// <inheritdoc />
    void IEngineConnectionHandler.OnOpen(EngineConnection connection)
    {
        var client = new ClientConnection(this, connection);
        connection.UserState = client;
        _clients[connection.Id] = client;
        Log.ConnectionOpened(ServerLogger, connection.Id, connection.TransportName);
        if (_shutdown is not null)
        {
            connection.Close();
            return;
        }
        client.Start();
    }

    /// <inheritdoc />
    void IEngineConnectionHandler.OnMessage(EngineConnection connection, bool isBinary, ReadOnlySpan<byte> data)
    {
        if (connection.UserState is ClientConnection client) client.OnMessage(isBinary, data);
    }

    /// <inheritdoc />
    void IEngineConnectionHandler.OnClose(EngineConnection connection, EngineCloseReason reason)
    {
        _clients.TryRemove(connection.Id, out _);
        Log.ConnectionClosed(ServerLogger, connection.Id, reason.ToString());
        if (connection.UserState is ClientConnection client) client.OnEngineClose(reason);
    }
}
