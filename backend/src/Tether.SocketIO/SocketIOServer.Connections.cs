using Tether.EngineIO;
using Tether.SocketIO.Internal;

namespace Tether.SocketIO;

public sealed partial class SocketIOServer
{
    // The open connections, for ClientsCount and shutdown: an intrusive list (each connection is its own node) rather
    // than a dictionary keyed by id, which cost a node per connection and was never searched.
    private readonly Lock _clientsGate = new();
    private ClientConnection? _firstClient;
    private int _clientsCount;

    /// <inheritdoc />
    void IEngineConnectionHandler.OnOpen(EngineConnection connection)
    {
        var client = new ClientConnection(this, connection);
        connection.UserState = client;
        AddClient(client);
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
        if (client is not null) RemoveClient(client);
        Log.ConnectionClosed(ServerLogger, connection.Id, reason.ToString());
        client?.OnEngineClose(reason);
    }

    private void AddClient(ClientConnection client)
    {
        lock (_clientsGate)
        {
            client.NextClient = _firstClient;
            if (_firstClient is not null) _firstClient.PrevClient = client;
            _firstClient = client;
            client.Listed = true;
            _clientsCount++;
        }
    }

    private void RemoveClient(ClientConnection client)
    {
        lock (_clientsGate)
        {
            if (!client.Listed) return;
            if (client.PrevClient is { } prev) prev.NextClient = client.NextClient;
            else _firstClient = client.NextClient;
            if (client.NextClient is { } next) next.PrevClient = client.PrevClient;
            client.PrevClient = client.NextClient = null;
            client.Listed = false;
            _clientsCount--;
        }
    }

    /// <summary>A snapshot of the open connections.</summary>
    private List<ClientConnection> ClientsSnapshot()
    {
        lock (_clientsGate)
        {
            var clients = new List<ClientConnection>(_clientsCount);
            for (var client = _firstClient; client is not null; client = client.NextClient) clients.Add(client);
            return clients;
        }
    }
}
