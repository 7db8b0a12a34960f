using System.Text.Json;
using Soak.Client;
using VideoConf.Cluster.Tests.Infrastructure;

namespace VideoConf.Cluster.Tests;

/// <summary>The cluster with the participant resync running every second (default 10 s).</summary>
public sealed class FastResyncClusterFixture : ClusterFixture
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Presence__ResyncInterval"] = "00:00:01",
    };
}

/// <summary>
/// A killed process announces nothing for its sockets; the surviving process must tell its own clients that those
/// participants are gone (<c>participant-left</c>, once), and must not repeat the leaves that were announced normally.
/// </summary>
public sealed class ParticipantResyncTests(FastResyncClusterFixture cluster) : IClassFixture<FastResyncClusterFixture>
{
    [Fact]
    public async Task When_a_process_is_killed_the_clients_on_the_other_learn_that_its_participants_left()
    {
        var a = cluster.A.BaseAddress;
        var b = cluster.B.BaseAddress;
        var coach = await ApiUser.LoginAsync(b, "Coach", "coach");
        var sessionId = await coach.CreateSessionAsync("Resync");
        var early = await JoinedAsync(a, "Early", sessionId);
        var late = await JoinedAsync(a, "Late", sessionId);
        var leaver = await JoinedAsync(a, "Leaver", sessionId);
        var watcher = await JoinedAsync(b, "Watcher", sessionId);

        // On A: one socket the watcher learns of from its own participant list, one it only hears join afterwards.
        await using var earlySocket = await ConnectedAsync(early, sessionId);
        await using var watching = await ConnectedAsync(watcher, sessionId);
        await using var coachSocket = await ConnectedAsync(coach, sessionId);
        await using var lateSocket = await ConnectedAsync(late, sessionId);
        var leaverSocket = await ConnectedAsync(leaver, sessionId);
        var list = await watching.WaitForAsync("participants", timeout: Timeouts.Event);
        Assert.Contains(list.EnumerateArray(), p => SocketId(p) == earlySocket.Id);
        await watching.WaitForAsync("participant-joined", p => SocketId(p) == lateSocket.Id, Timeouts.Event);
        await watching.WaitForAsync("participant-joined", p => SocketId(p) == leaverSocket.Id, Timeouts.Event);

        // A normal leave on A is announced by A; a few resync rounds later it still was announced once only.
        await leaverSocket.DisposeAsync();
        await watching.WaitForAsync("participant-left", p => SocketId(p) == leaverSocket.Id, Timeouts.Event);
        // Rounds that see the sockets of A (the late one included) before it dies.
        await Task.Delay(FastResyncClusterFixture.Interval * 3);
        Assert.Single(watching.Received("participant-left"), p => SocketId(p) == leaverSocket.Id);

        await cluster.A.KillAsync();
        var bound = FastResyncClusterFixture.Interval * 2 + Timeouts.Event;
        foreach (var client in new[] { watching, coachSocket })
        {
            var left = await client.WaitForAsync("participant-left", p => SocketId(p) == earlySocket.Id, bound);
            Assert.Equal(early.Id, left.GetProperty("userId").GetString());
            Assert.Equal("Early", left.GetProperty("name").GetString());
            await client.WaitForAsync("participant-left", p => SocketId(p) == lateSocket.Id, bound);
        }

        // Once each, however many rounds run after that; the survivors are not announced.
        await Task.Delay(FastResyncClusterFixture.Interval * 3);
        await Sync.MarkerAsync(coach, sessionId, watching, coachSocket);
        foreach (var client in new[] { watching, coachSocket })
        {
            var leaves = client.Received("participant-left").Select(SocketId).ToList();
            Assert.Equal(1, leaves.Count(id => id == earlySocket.Id));
            Assert.Equal(1, leaves.Count(id => id == lateSocket.Id));
            Assert.Equal(1, leaves.Count(id => id == leaverSocket.Id));
            Assert.DoesNotContain(watching.Id, leaves);
            Assert.DoesNotContain(coachSocket.Id, leaves);
        }
    }

    private static async Task<ApiUser> JoinedAsync(Uri server, string name, string sessionId)
    {
        var user = await ApiUser.LoginAsync(server, name, "participant");
        await user.JoinAsync(sessionId);
        return user;
    }

    private static async Task<RawSocketIOClient> ConnectedAsync(ApiUser user, string sessionId)
    {
        var client = await Raw.ConnectAsync(user, sessionId);
        await client.WaitForAsync("participants", timeout: Timeouts.Event);
        return client;
    }

    private static string? SocketId(JsonElement participant) => participant.GetProperty("socketId").GetString();
}
