using System.Net;
using System.Text;
using Soak.Client;
using Soak.Cluster;
using VideoConf.Cluster.Tests.Infrastructure;

namespace VideoConf.Cluster.Tests;

/// <summary>Redis dies and comes back on the same port while both app processes keep running.</summary>
public sealed class RedisRestartTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task After_Redis_restarts_cross_process_events_flow_again_without_restarting_the_apps()
    {
        var coachOnB = await ApiUser.LoginAsync(cluster.B.BaseAddress, "Coach", "coach");
        var sessionId = await coachOnB.CreateSessionAsync("Outage");
        var participant = await ApiUser.LoginAsync(cluster.A.BaseAddress, "Pat", "participant");
        await participant.JoinAsync(sessionId);
        await using var onA = await SioClient.ConnectAsync(participant, sessionId);
        await using var onB = await SioClient.ConnectAsync(coachOnB, sessionId);
        var pidA = cluster.A.Pid;
        var pidB = cluster.B.Pid;

        await cluster.Redis.KillAsync();
        // /health reports the outage (503, redis not ok), so a load balancer can prefer a healthy replica.
        await Wait.UntilAsync(async () =>
        {
            var (status, body) = await cluster.A.HealthAsync();
            return status == HttpStatusCode.ServiceUnavailable && !body.GetProperty("redis").GetProperty("ok").GetBoolean();
        }, "A's /health to report redis down", Timeouts.Event);
        // Local delivery goes on during the outage.
        var during = await coachOnB.SendMessageAsync(sessionId, "during the outage");
        await onB.WaitForAsync("chat-message-added", m => Sync.Id(m) == Sync.Id(during));

        await cluster.Redis.StartAgainAsync();
        await cluster.Cluster.WaitForRedisHealthyAsync(Timeouts.Long);
        await cluster.WaitForCrossTalkAsync();

        var uploaded = await coachOnB.UploadAsync(sessionId, "after.txt", Encoding.UTF8.GetBytes("after the outage"));
        var chat = await coachOnB.SendMessageAsync(sessionId, "after the outage");
        await onA.WaitForAsync("resource-uploaded", r => Sync.Id(r) == Sync.Id(uploaded));
        await onA.WaitForAsync("chat-message-added", m => Sync.Id(m) == Sync.Id(chat));
        await Sync.MarkerAsync(coachOnB, sessionId, onA, onB);

        Assert.Equal(1, Sync.CountWithId(onA.Received("resource-uploaded"), Sync.Id(uploaded)));
        Assert.Equal(1, Sync.CountWithId(onA.Received("chat-message-added"), Sync.Id(chat)));
        Assert.Equal(1, Sync.CountWithId(onB.Received("chat-message-added"), Sync.Id(chat)));
        // The apps were not restarted, and their sockets stayed connected through the outage.
        Assert.Equal(pidA, cluster.A.Pid);
        Assert.Equal(pidB, cluster.B.Pid);
        Assert.True(cluster.A.IsRunning && cluster.B.IsRunning);
        Assert.False(onA.Disconnected.IsCompleted);
        Assert.False(onB.Disconnected.IsCompleted);
    }
}
