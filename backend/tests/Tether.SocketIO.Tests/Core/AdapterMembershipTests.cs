using Tether.SocketIO.Adapters;
using Tether.SocketIO.Internal;
using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Core;

public sealed class AdapterMembershipTests
{
    private static InMemoryAdapter NewAdapter(ServerHarness harness) => (InMemoryAdapter)harness.Server.Of("/m").Adapter;

    [Fact]
    public async Task AddDelAndDelAll_KeepBothIndexesInStep()
    {
        await using var harness = new ServerHarness();
        var adapter = NewAdapter(harness);

        adapter.AddAll("s1", ["s1", "a", "b"]);
        adapter.AddAll("s2", ["s2", "a"]);

        Assert.Equal(new HashSet<string> { "s1", "a", "b" }, adapter.SocketRooms("s1")!.ToHashSet());
        Assert.Equal(new HashSet<string> { "s1", "s2" }, adapter.RoomMembers("a")!.ToHashSet());
        Assert.Equal(4, adapter.RoomCount);

        adapter.Del("s1", "a");
        Assert.Equal(new HashSet<string> { "s2" }, adapter.RoomMembers("a")!.ToHashSet());
        adapter.Del("s1", "b");
        Assert.Null(adapter.RoomMembers("b")); // empty rooms are removed

        adapter.DelAll("s2");
        Assert.Null(adapter.SocketRooms("s2"));
        Assert.Null(adapter.RoomMembers("a"));
        Assert.Equal(new HashSet<string> { "s1" }, (await adapter.AllRoomsAsync()).ToHashSet());
    }

    [Fact]
    public async Task SocketRooms_IsALiveReadOnlySet()
    {
        await using var harness = new ServerHarness();
        var adapter = NewAdapter(harness);
        adapter.AddAll("s", ["x"]);
        var rooms = adapter.SocketRooms("s")!;

        adapter.AddAll("s", ["y"]);

        Assert.True(rooms.SetEquals(["x", "y"]));
        Assert.True(rooms.IsSupersetOf(["x"]));
        Assert.True(rooms.Overlaps(["y", "z"]));
        Assert.True(rooms.IsProperSubsetOf(["x", "y", "z"]));
    }

    [Fact]
    public async Task ConcurrentJoinAndLeave_OfOneRoom_LosesNoMembership()
    {
        await using var harness = new ServerHarness();
        var adapter = NewAdapter(harness);
        const int Workers = 8;
        const int Rounds = 2000;

        // Every worker churns its own churn-id through the room, then joins for good with its stable id: the race
        // between "last member left, remove the room" and "new member joined" must never drop a stable member.
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < Rounds; i++)
            {
                adapter.AddAll($"churn{w}", ["hot"]);
                adapter.Del($"churn{w}", "hot");
            }
            adapter.AddAll($"stable{w}", ["hot"]);
        })));

        var members = adapter.RoomMembers("hot")!;
        Assert.Equal(Workers, members.Count);
        Assert.All(Enumerable.Range(0, Workers), w => Assert.Contains($"stable{w}", members));
    }

    [Fact]
    public async Task SocketsAsync_ResolvesRoomsToIds()
    {
        await using var harness = new ServerHarness();
        var (_, s1) = await harness.ConnectAsync();
        var (_, s2) = await harness.ConnectAsync();
        harness.SocketOf(s1).Join("r");

        var adapter = harness.Server.Sockets.Adapter;

        Assert.Equal(new HashSet<string> { s1 }, (await adapter.SocketsAsync(new HashSet<string> { "r" })).ToHashSet());
        Assert.Equal(new HashSet<string> { s1, s2 }, (await adapter.SocketsAsync(new HashSet<string>())).ToHashSet());
    }

    /// <summary>
    /// A socket's own room is kept implicitly (no set of its own), yet behaves as any room: others may join a room of
    /// that name, the socket may leave it, and targeting or excepting it reaches exactly its members.
    /// </summary>
    [Fact]
    public async Task OwnRoom_BehavesAsARoom_WhenOthersJoinIt_AndWhenTheSocketLeavesIt()
    {
        await using var harness = new ServerHarness();
        var (_, s1) = await harness.ConnectAsync();
        var (_, s2) = await harness.ConnectAsync();
        var (_, s3) = await harness.ConnectAsync();
        var adapter = (InMemoryAdapter)harness.Server.Sockets.Adapter;
        static HashSet<string> Ids(params string[] ids) => new(ids);

        Assert.Equal(Ids(s1), await Members(s1));
        Assert.True(adapter.HasRoom(s1));
        Assert.Contains(s1, await adapter.AllRoomsAsync());
        Assert.Equal(3, adapter.RoomCount);

        harness.SocketOf(s2).Join(s1); // a room named after s1, joined by s2
        Assert.Equal(Ids(s1, s2), await Members(s1));
        Assert.Equal(Ids(s1, s2), adapter.RoomMembers(s1)!.ToHashSet());
        Assert.Equal(Ids(s3), (await adapter.FetchSocketsAsync(new BroadcastOptions(EmptySet.Instance, Ids(s1), BroadcastFlags.None))).Select(s => s.Id).ToHashSet());
        Assert.Equal(Ids(s1, s2), (await adapter.SocketsAsync(Ids(s1, s2))).ToHashSet()); // each once

        harness.SocketOf(s1).Leave(s1);
        Assert.Equal(Ids(s2), await Members(s1));
        Assert.DoesNotContain(s1, harness.SocketOf(s1).Rooms);
        harness.SocketOf(s2).Leave(s1);
        Assert.Empty(await Members(s1));
        Assert.False(adapter.HasRoom(s1));
        Assert.Null(adapter.RoomMembers(s1));
        Assert.DoesNotContain(s1, await adapter.AllRoomsAsync());

        harness.SocketOf(s1).Join(s1);
        Assert.Equal(Ids(s1), await Members(s1));

        async Task<HashSet<string>> Members(string room) => (await adapter.SocketsAsync(Ids(room))).ToHashSet();
    }

    [Fact]
    public async Task AdapterFactory_IsUsedForEveryNamespace()
    {
        var factory = new CountingFactory();
        await using var server = new SocketIOServer(adapterFactory: factory);

        server.Of("/a");
        server.Of("/a");
        server.Of("/b");

        Assert.Equal(["/", "/a", "/b"], factory.Created);
    }

    private sealed class CountingFactory : IAdapterFactory
    {
        public List<string> Created { get; } = new();

        public Adapter Create(Namespace nsp)
        {
            Created.Add(nsp.Name);
            return new InMemoryAdapter(nsp);
        }
    }
}
