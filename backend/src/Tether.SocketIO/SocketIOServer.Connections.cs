using Tether.EngineIO;
using Tether.EngineIO.Collections;
using Tether.SocketIO.Internal;

namespace Tether.SocketIO;

public sealed partial class SocketIOServer
{
    // The open connections, for ClientsCount and shutdown: each connection is its own node, where a dictionary keyed
    // by id cost a node per connection and was never searched.
    private readonly Lock _clientsGate = new();
    private readonly IntrusiveList<ClientConnection> _clients = new();

    /// <inheritdoc />
    void IEngineConnectionHandler.OnOpen(EngineConnection connection)
    {
        var client = new ClientConnection(this, connection);
        connection.UserState = client;
        lock (_clientsGate) _clients.AddLast(client);
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
        var client = connection.UserState as ClientConnection;
        if (client is not null)
        {
            lock (_clientsGate) _clients.Remove(client);
        }
        Log.ConnectionClosed(ServerLogger, connection.Id, reason.ToString());
        client?.OnEngineClose(reason);
    }

    /// <summary>A snapshot of the open connections.</summary>
    private List<ClientConnection> ClientsSnapshot()
    {
        lock (_clientsGate) return _clients.ToList();
    }
}
