using Tether.SocketIO;

namespace Tether.SocketIO.Adapters;

public partial class InMemoryAdapter
{
    /// <inheritdoc />
    public override ValueTask<IReadOnlySet<string>> SocketsAsync(IReadOnlySet<string> rooms)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var socket in Collect(new BroadcastOptions(rooms, EmptySet.Instance, BroadcastFlags.None))) ids.Add(socket.Id);
        return ValueTask.FromResult<IReadOnlySet<string>>(ids);
    }

    /// <inheritdoc />
    public override ValueTask<IReadOnlySet<string>> AllRoomsAsync()
    {
        return ValueTask.FromResult<IReadOnlySet<string>>(AllRooms());
    }

    /// <inheritdoc />
    public override Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(BroadcastOptions opts)
    {
        var sockets = Collect(opts);
        var result = new RemoteSocket[sockets.Count];
        for (var i = 0; i < result.Length; i++) result[i] = new RemoteSocket(sockets[i]);
        return Task.FromResult<IReadOnlyList<RemoteSocket>>(result);
    }

    /// <inheritdoc />
    public override Task AddSocketsAsync(BroadcastOptions opts, string[] rooms)
    {
        foreach (var socket in Collect(opts)) socket.Join(rooms);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task DelSocketsAsync(BroadcastOptions opts, string[] rooms)
    {
        foreach (var socket in Collect(opts))
        {
            foreach (var room in rooms) socket.Leave(room);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task DisconnectSocketsAsync(BroadcastOptions opts, bool close)
    {
        var sockets = Collect(opts);
        if (sockets.Count == 0) return Task.CompletedTask;
        var tasks = new Task[sockets.Count];
        for (var i = 0; i < tasks.Length; i++) tasks[i] = sockets[i].DisconnectAsync(close);
        return Task.WhenAll(tasks);
    }
}
