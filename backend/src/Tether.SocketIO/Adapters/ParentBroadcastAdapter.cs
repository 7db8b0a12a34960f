using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Adapters;

/// <summary>
/// The adapter of a <see cref="ParentNamespace"/>: it has no sockets of its own and forwards every operation to the
/// children's adapters (each encodes once for its own namespace name).
/// </summary>
internal sealed class ParentBroadcastAdapter(ParentNamespace parent) : Adapter(parent)
{
    public override void AddAll(string sid, IEnumerable<string> rooms)
    {
    }

    public override void Del(string sid, string room)
    {
    }

    public override void DelAll(string sid)
    {
    }

    public override IReadOnlySet<string>? SocketRooms(string sid) => null;

    public override async ValueTask<IReadOnlySet<string>> SocketsAsync(IReadOnlySet<string> rooms)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in parent.ChildNamespaces) ids.UnionWith(await child.Adapter.SocketsAsync(rooms).ConfigureAwait(false));
        return ids;
    }

    public override async ValueTask<IReadOnlySet<string>> AllRoomsAsync()
    {
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var child in parent.ChildNamespaces) rooms.UnionWith(await child.Adapter.AllRoomsAsync().ConfigureAwait(false));
        return rooms;
    }

    public override async Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(BroadcastOptions opts)
    {
        var all = new List<RemoteSocket>();
        foreach (var child in parent.ChildNamespaces) all.AddRange(await child.Adapter.FetchSocketsAsync(opts).ConfigureAwait(false));
        return all;
    }

    public override async Task AddSocketsAsync(BroadcastOptions opts, string[] rooms)
    {
        foreach (var child in parent.ChildNamespaces) await child.Adapter.AddSocketsAsync(opts, rooms).ConfigureAwait(false);
    }

    public override async Task DelSocketsAsync(BroadcastOptions opts, string[] rooms)
    {
        foreach (var child in parent.ChildNamespaces) await child.Adapter.DelSocketsAsync(opts, rooms).ConfigureAwait(false);
    }

    public override async Task DisconnectSocketsAsync(BroadcastOptions opts, bool close)
    {
        foreach (var child in parent.ChildNamespaces) await child.Adapter.DisconnectSocketsAsync(opts, close).ConfigureAwait(false);
    }

    /// <summary>
    /// Every child reports its client count once per server, so the collector must expect the sum of the children's
    /// server counts (zero children: nothing to wait for).
    /// </summary>
    public override async Task<int> ServerCountAsync()
    {
        var total = 0;
        foreach (var child in parent.ChildNamespaces) total += await child.Adapter.ServerCountAsync().ConfigureAwait(false);
        return total;
    }

    internal override async Task BroadcastAsync(OutgoingPacket packet, BroadcastOptions opts)
    {
        foreach (var child in parent.ChildNamespaces) await child.Adapter.BroadcastAsync(packet, opts).ConfigureAwait(false);
    }

    internal override async Task BroadcastWithAckAsync(
        OutgoingPacket packet, BroadcastOptions opts, Action<int> clientCountCallback, Action<SocketIOArgs> ackCallback)
    {
        foreach (var child in parent.ChildNamespaces)
            await child.Adapter.BroadcastWithAckAsync(packet, opts, clientCountCallback, ackCallback).ConfigureAwait(false);
    }
}
