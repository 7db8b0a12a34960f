using Tether.SocketIO.Adapters;
using Tether.SocketIO.Tests.Infrastructure;
using static Tether.SocketIO.Tests.Recovery.RecoveryHarness;

namespace Tether.SocketIO.Tests.Recovery;

/// <summary>
/// Recovery with <see cref="ConnectionStateRecoveryOptions.SkipMiddlewares"/> off: the missed packets are computed
/// when the session is restored, before the namespace middleware runs, and the socket is back in its rooms only after
/// it; what is broadcast in between must still reach it, once, in order.
/// </summary>
public sealed class RecoveryMiddlewareGapTests
{
    [Fact]
    public async Task BroadcastsWhileTheMiddlewareRuns_AreReplayedOnceInOrder_BeforeNewOnes()
    {
        var (harness, _) = Create(r => r.SkipMiddlewares = false);
        await using var _h = harness;
        var (entered, gate) = HoldRecoveredSocketsInMiddleware(harness);
        var io = harness.Server.Sockets;
        var first = harness.Open();
        var (sid, pid) = await JoinAsync(first);
        harness.SocketOf(sid).Join("red");
        await io.To("red").EmitAsync("news", 0);
        var offset = Events(first, "news")[0][1].GetString()!;
        await DropAsync(harness, first, sid);
        await io.To("red").EmitAsync("news", 1); // missed before the restore

        var second = harness.Open();
        var joining = JoinAsync(second, auth: Auth(pid!, offset));
        await entered.WithTimeout();
        // The session is restored, the middleware holds the socket, and it is in none of its rooms yet.
        await io.To("red").EmitAsync("news", 2);
        await io.EmitAsync("news", 3);                         // everyone
        await io.To("blue").EmitAsync("news", -1);             // a room it is not in
        await io.To("red").Except("red").EmitAsync("news", -2); // excluded
        await io.Volatile.To("red").EmitAsync("news", -3);     // volatile: never logged
        await io.To(sid).EmitAsync("news", 4);                 // its own room
        await io.To("red").EmitAsync("news", 5);
        gate.SetResult(true);
        var (newSid, newPid) = await joining.WithTimeout();
        await io.To("red").EmitAsync("news", 6);
        await second.WaitForTextAsync(t => t.Contains("[\"news\",6,", StringComparison.Ordinal));

        Assert.Equal(sid, newSid);
        Assert.Equal(pid, newPid);
        Assert.True(harness.SocketOf(sid).Recovered);
        var news = Events(second, "news");
        Assert.Equal([1, 2, 3, 4, 5, 6], news.Select(a => a[0].GetInt32()));
        Assert.Equal(news.Count, news.Select(a => a[1].GetString()).Distinct().Count()); // each offset once
        Assert.Equal(0, Assert.IsType<InMemoryAdapter>(io.Adapter).Recovery!.PendingRestoreCount);
        Assert.StartsWith("0{", second.Texts[0]);
    }

    [Fact]
    public async Task BroadcastsRacingTheRejoin_AreNotDuplicated()
    {
        var (harness, _) = Create(r => r.SkipMiddlewares = false);
        await using var _h = harness;
        var (entered, gate) = HoldRecoveredSocketsInMiddleware(harness);
        var io = harness.Server.Sockets;
        var first = harness.Open();
        var (sid, pid) = await JoinAsync(first);
        harness.SocketOf(sid).Join("red");
        await io.To("red").EmitAsync("tick", -1);
        var offset = Events(first, "tick")[0][1].GetString()!;
        await DropAsync(harness, first, sid);

        var second = harness.Open();
        var joining = JoinAsync(second, auth: Auth(pid!, offset));
        await entered.WithTimeout();
        await io.To("red").EmitAsync("tick", 0);
        // A steady stream of broadcasts while the socket is released, rejoins and is replayed to.
        var count = 1;
        var emitting = Task.Run(async () =>
        {
            for (; count < 2000; count++) await io.To("red").EmitAsync("tick", count);
        }, TestContext.Current.CancellationToken);
        gate.SetResult(true);
        await joining.WithTimeout();
        await emitting.WithTimeout();
        await io.To("red").EmitAsync("tick", 2000);
        await second.WaitForTextAsync(t => t.Contains("[\"tick\",2000,", StringComparison.Ordinal));

        Assert.Equal(Enumerable.Range(0, 2001), Events(second, "tick").Select(a => a[0].GetInt32()));
    }

    [Fact]
    public async Task WhenTheLogDropsPacketsItMissedMeanwhile_TheSocketIsNotRecovered()
    {
        var (harness, _) = Create(r =>
        {
            r.SkipMiddlewares = false;
            r.MaxPacketsPerNamespace = 3;
        });
        await using var _h = harness;
        var (entered, gate) = HoldRecoveredSocketsInMiddleware(harness);
        var io = harness.Server.Sockets;
        var first = harness.Open();
        var (sid, pid) = await JoinAsync(first);
        harness.SocketOf(sid).Join("red");
        await io.To("red").EmitAsync("news", 0);
        var offset = Events(first, "news")[0][1].GetString()!;
        await DropAsync(harness, first, sid);

        var second = harness.Open();
        var joining = JoinAsync(second, auth: Auth(pid!, offset));
        await entered.WithTimeout();
        for (var i = 1; i <= 4; i++) await io.To("red").EmitAsync("news", i); // more than the log keeps
        gate.SetResult(true);
        var (newSid, newPid) = await joining.WithTimeout();

        // Not silently incomplete: a fresh pid tells the client it was not recovered, so it re-fetches its state.
        Assert.Equal(sid, newSid);
        Assert.NotEqual(pid, newPid);
        Assert.False(harness.SocketOf(sid).Recovered);
        await io.To("red").EmitAsync("news", 5);
        await second.WaitForTextAsync(t => t.Contains("[\"news\",5,", StringComparison.Ordinal));
        Assert.Equal([5], Events(second, "news").Select(a => a[0].GetInt32()));
    }

    [Fact]
    public async Task ARefusedRecovery_EndsItsRestore()
    {
        var (harness, _) = Create(r => r.SkipMiddlewares = false);
        await using var _h = harness;
        harness.Server.Sockets.Use((socket, next) =>
            socket.Recovered ? throw new SocketIOConnectException("removed meanwhile") : next());
        var adapter = Assert.IsType<InMemoryAdapter>(harness.Server.Sockets.Adapter);
        var first = harness.Open();
        var (sid, pid) = await JoinAsync(first);
        await harness.Server.EmitAsync("x");
        var offset = Events(first, "x")[0][0].GetString()!;
        await DropAsync(harness, first, sid);

        var second = harness.Open();
        second.Receive("0" + Auth(pid!, offset));
        await second.WaitForTextAsync(t => t.StartsWith("4", StringComparison.Ordinal) && t.Contains("removed meanwhile"));

        // Broadcasts are not tracked for a restore that will never complete.
        Assert.Equal(0, adapter.Recovery!.PendingRestoreCount);
    }

    /// <summary>A middleware that holds recovered sockets until the test opens the gate (other sockets pass at once).</summary>
    private static (TaskCompletionSource<bool> Entered, TaskCompletionSource<bool> Gate) HoldRecoveredSocketsInMiddleware(ServerHarness harness)
    {
        var entered = Signals.Create<bool>();
        var gate = Signals.Create<bool>();
        harness.Server.Sockets.Use(async (socket, next) =>
        {
            if (socket.Recovered)
            {
                entered.TrySetResult(true);
                await gate.Task;
            }
            await next();
        });
        return (entered, gate);
    }
}
