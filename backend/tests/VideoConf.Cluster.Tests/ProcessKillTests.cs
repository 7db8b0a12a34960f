using System.Text;
using System.Text.Json;
using Soak.Client;
using Soak.Cluster;
using VideoConf.Cluster.Tests.Infrastructure;

namespace VideoConf.Cluster.Tests;

/// <summary>The cluster with connection state recovery turned on (as production would run it).</summary>
public sealed class RecoveryClusterFixture : ClusterFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SocketIO__ConnectionStateRecovery__MaxDisconnectionDuration"] = "00:02:00",
    };
}

/// <summary>A backend process is killed (SIGKILL) while its clients are in a session.</summary>
public sealed class ProcessKillTests(RecoveryClusterFixture cluster) : IClassFixture<RecoveryClusterFixture>
{
    [Fact]
    public async Task The_clients_of_a_killed_process_fail_over_to_the_other_and_keep_receiving_the_session()
    {
        var a = cluster.A.BaseAddress;
        var b = cluster.B.BaseAddress;
        var coach = await ApiUser.LoginAsync(b, "Coach", "coach");
        var sessionId = await coach.CreateSessionAsync("Crash");
        var mover = await ApiUser.LoginAsync(a, "Mover", "participant");
        await mover.JoinAsync(sessionId);
        var stayer = await ApiUser.LoginAsync(b, "Stayer", "participant");
        await stayer.JoinAsync(sessionId);

        // The mover's client knows both servers, like a client behind a load balancer; reconnection waits for the
        // test, so that events are certainly emitted while it is away.
        var away = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var moving = await Raw.ConnectAsync(mover, sessionId, failover: [a, b], beforeReconnect: () => away.Task);
        await using var staying = await Raw.ConnectAsync(stayer, sessionId);
        await moving.WaitForAsync("participants", timeout: Timeouts.Event);
        await staying.WaitForAsync("participants", timeout: Timeouts.Event);
        var pidOffered = moving.Pid is not null;
        var firstSid = moving.Id;

        var before = Sync.Id(await coach.SendMessageAsync(sessionId, "before the crash"));
        await Sync.MarkerAsync(coach, sessionId, moving, staying);

        await cluster.A.KillAsync();
        var reason = await moving.NextDisconnect.WaitAsync(Timeouts.Event);

        // Meanwhile, through B.
        var missedChats = new List<string>();
        for (var i = 1; i <= 3; i++) missedChats.Add(Sync.Id(await coach.SendMessageAsync(sessionId, $"while away {i}")));
        var missedPoll = Sync.Id((await coach.CreatePollAsync(sessionId, "Still there?", ["yes", "no"])).GetProperty("poll"));
        var missedResource = Sync.Id(await coach.UploadAsync(sessionId, "during.txt", Encoding.UTF8.GetBytes("sent while away")));
        await Sync.MarkerAsync(coach, sessionId, staying);

        away.SetResult();
        await moving.NextConnect.WaitAsync(Timeouts.Long);
        Assert.True(moving.IsConnected, $"no reconnection: {moving.GaveUp}");
        Assert.Equal(b, moving.CurrentUrl);
        Assert.Equal(2, moving.Connections);

        // The session goes on for the moved client: a fresh participant list with both members, the others hear of it.
        var list = await OnConnectionAsync(moving, "participants", 2);
        var entries = list.EnumerateArray().Select(p => (User: p.GetProperty("userId").GetString(), Socket: p.GetProperty("socketId").GetString())).ToList();
        Assert.Contains((mover.Id, moving.Id), entries);
        Assert.Contains((stayer.Id, staying.Id), entries);
        if (!moving.Recovered) Assert.DoesNotContain(entries, e => e.Socket == firstSid); // A's sockets died with it
        await staying.WaitForAsync("participant-joined", p => p.GetProperty("socketId").GetString() == moving.Id, Timeouts.Event);

        var after = Sync.Id(await coach.SendMessageAsync(sessionId, "after the failover"));
        await Sync.MarkerAsync(coach, sessionId, moving, staying);

        var chats = moving.Received("chat-message-added");
        Assert.All(chats.GroupBy(Sync.Id), g => Assert.True(g.Count() == 1, $"chat {g.Key} received {g.Count()} times"));
        Assert.Equal(1, Sync.CountWithId(chats, before));
        Assert.Equal(1, Sync.CountWithId(chats, after));
        Assert.All(missedChats, id => Assert.Equal(1, Sync.CountWithId(staying.Received("chat-message-added"), id)));

        // Connection state recovery across processes: the events emitted while away arrive once each, in order.
        if (moving.Recovered)
        {
            Assert.Equal(firstSid, moving.Id);
            var events = moving.All().Where(e => e.Connection == 2).ToList();
            var order = missedChats.Select(id => events.FindIndex(e => e.Name == "chat-message-added" && Sync.Id(e.Payload) == id)).ToList();
            Assert.All(order, index => Assert.True(index >= 0, "a chat message emitted while away was not replayed"));
            Assert.Equal(order.OrderBy(i => i), order);
            Assert.Equal(1, Sync.CountWithId(moving.Received("poll-created"), missedPoll));
            Assert.Equal(1, Sync.CountWithId(moving.Received("resource-uploaded"), missedResource));
            var afterIndex = events.FindIndex(e => e.Name == "chat-message-added" && Sync.Id(e.Payload) == after);
            Assert.True(order.Max() < afterIndex, "the replayed events must come before the newer ones");
            return;
        }

        var detail = $"client disconnected by '{reason}', reconnected to B with a new socket id; pid offered on A: {pidOffered}";
        if (!pidOffered)
            Assert.Fail("The app did not offer connection state recovery (no pid in the CONNECT reply) although " +
                        "SocketIO__ConnectionStateRecovery__MaxDisconnectionDuration is set: " + detail);
        // The Redis adapter keeps the session and its missed packets in Redis: the client must recover on B.
        Assert.Fail("The session was not recovered across processes: " + detail);
    }

    private static async Task<JsonElement> OnConnectionAsync(RawSocketIOClient client, string name, int connection)
    {
        ReceivedEvent? found = null;
        await Wait.UntilAsync(() => (found = client.All().FirstOrDefault(e => e.Name == name && e.Connection == connection)) is not null,
            $"'{name}' on connection {connection}", Timeouts.Event);
        return found!.Payload;
    }
}
