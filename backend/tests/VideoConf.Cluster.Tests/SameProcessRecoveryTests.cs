using System.Text;
using Soak.Client;
using VideoConf.Cluster.Tests.Infrastructure;

namespace VideoConf.Cluster.Tests;

/// <summary>
/// The baseline of the failover test: a client whose connection breaks and that comes back to the SAME process is
/// recovered, with what it missed: events emitted by that process and (once recovery works across processes)
/// events the process received from the other one over Redis. "Recovered" tells the client it need not re-fetch,
/// so a recovered session that lacks events is a bug, not a degraded mode.
/// </summary>
public sealed class SameProcessRecoveryTests(RecoveryClusterFixture cluster) : IClassFixture<RecoveryClusterFixture>
{
    [Fact]
    public async Task A_client_that_comes_back_to_the_same_process_is_recovered_with_what_it_missed()
    {
        var a = cluster.A.BaseAddress;
        var b = cluster.B.BaseAddress;
        var coach = await ApiUser.LoginAsync(a, "Coach", "coach");
        var sessionId = await coach.CreateSessionAsync("Blip");
        var user = await ApiUser.LoginAsync(a, "Blip", "participant");
        await user.JoinAsync(sessionId);

        var away = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await Raw.ConnectAsync(user, sessionId, failover: [a], beforeReconnect: () => away.Task);
        await client.WaitForAsync("participants", timeout: Timeouts.Event);
        Assert.NotNull(client.Pid);
        var sid = client.Id;
        await Sync.MarkerAsync(coach, sessionId, client);

        client.Drop();
        await client.NextDisconnect.WaitAsync(Timeouts.Event);
        // While away: emitted by A itself, and by B (reaching A over Redis).
        var local = new List<string>();
        var remote = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            local.Add(Sync.Id(await coach.SendMessageAsync(sessionId, $"through A {i}")));
            remote.Add(Sync.Id(await coach.On(b).SendMessageAsync(sessionId, $"through B {i}")));
        }
        var remoteResource = Sync.Id(await coach.On(b).UploadAsync(sessionId, "blip.txt", Encoding.UTF8.GetBytes("while away")));
        // A marker through B seen by another socket on A: A has heard everything B emitted while the client was away.
        var witness = await ApiUser.LoginAsync(a, "Witness", "participant");
        await witness.JoinAsync(sessionId);
        await using (var onA = await Raw.ConnectAsync(witness, sessionId))
        {
            await onA.WaitForAsync("participants", timeout: Timeouts.Event);
            await Sync.MarkerAsync(coach.On(b), sessionId, onA);
        }

        away.SetResult();
        await client.NextConnect.WaitAsync(Timeouts.Long);
        var after = Sync.Id(await coach.SendMessageAsync(sessionId, "after"));
        await Sync.MarkerAsync(coach, sessionId, client);

        Assert.True(client.Recovered, $"not recovered (reconnected with sid {client.Id}, was {sid})");
        Assert.Equal(sid, client.Id);
        var events = client.All().Where(e => e.Connection == 2).ToList();
        int IndexOf(string id) => events.FindIndex(e => e.Name == "chat-message-added" && Sync.Id(e.Payload) == id);
        var afterIndex = IndexOf(after);
        var chats = client.Received("chat-message-added");
        Assert.All(chats.GroupBy(Sync.Id), g => Assert.True(g.Count() == 1, $"chat {g.Key} received {g.Count()} times"));

        var localOrder = local.Select(IndexOf).ToList();
        Assert.All(localOrder, index => Assert.True(index >= 0, "a chat message A emitted while the client was away was not replayed"));
        Assert.Equal(localOrder.OrderBy(i => i), localOrder);
        Assert.True(localOrder.Max() < afterIndex, "the replayed events must come before the newer ones");

        var remoteOrder = remote.Select(IndexOf).ToList();
        Assert.All(remoteOrder, index => Assert.True(index >= 0, "a chat message B emitted while the client was away was not replayed"));
        Assert.Equal(remoteOrder.OrderBy(i => i), remoteOrder);
        Assert.True(remoteOrder.Max() < afterIndex, "the replayed events must come before the newer ones");
        Assert.Equal(1, Sync.CountWithId(client.Received("resource-uploaded"), remoteResource));
    }
}
