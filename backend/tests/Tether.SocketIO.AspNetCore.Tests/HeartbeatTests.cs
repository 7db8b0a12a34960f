using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// A client that stops answering pings is dropped at about pingInterval + pingTimeout, while a healthy one on the
/// same server stays. Uses the conformance timings (300 ms / 200 ms).
/// </summary>
public sealed class HeartbeatTests
{
    private static readonly TimeSpan PingInterval = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromMilliseconds(200);

    [Theory]
    [MemberData(nameof(ClientMatrix.NodeOnly), MemberType = typeof(ClientMatrix))]
    public async Task Silent_client_is_dropped_after_ping_interval_plus_timeout(TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(ClientKind.Node, mode, settings =>
        {
            settings.PingInterval = PingInterval;
            settings.PingTimeout = PingTimeout;
        });
        var silent = s.Clients.CreateNode("silent");
        var healthy = s.Clients.CreateNode("healthy");
        await silent.ConnectAsync();
        await healthy.ConnectAsync();
        if (mode == TransportMode.PollingThenUpgrade) await silent.UpgradedAsync();

        var stoppedAt = s.Server.Observer.Clock.ElapsedMilliseconds;
        await silent.StopAnsweringPingsAsync();

        var dropped = await s.Server.Observer.DisconnectAsync(silent.Sid!);
        Assert.Equal("ping timeout", dropped.Str("reason"));
        var elapsed = dropped["atMs"]!.GetValue<long>() - stoppedAt;
        // At most one interval until the next ping plus the timeout; generous slack for a loaded machine, but far
        // below what a missing heartbeat check would give (never).
        Assert.InRange(elapsed, 0, (long)(PingInterval + PingTimeout).TotalMilliseconds + 2000);
        await silent.DisconnectedAsync();

        // The healthy client kept answering through the same ping cycles.
        await healthy.EmitAsync("message", "alive");
        Json.Equal("""["alive"]""", await healthy.EventAsync("message-back"));
        Assert.False(healthy.IsDisconnected);
        Assert.Equal(1, s.Server.Io.ClientsCount);
    }
}
