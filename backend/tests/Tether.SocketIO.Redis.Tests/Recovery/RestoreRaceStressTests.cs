using System.Text;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Tether.SocketIO.Redis.Internal.Recovery;
using Tether.SocketIO.Redis.Tests.Infrastructure;

namespace Tether.SocketIO.Redis.Tests.Recovery;

/// <summary>
/// The end of a cross-server restore under load: two Tether servers broadcast as fast as they can (a few at a time
/// each) while the restoring server lets several recovering connections out of its middleware, joins them to their
/// rooms and replays what they missed. A broadcast noted for the replay must not reach a socket a second time after the
/// replay (nor be missed), whichever server sent it and whatever room it targets. The race is narrow: each round gives
/// it a few chances (STRESS_ROUNDS overrides the number of rounds).
/// </summary>
public sealed class RestoreRaceStressTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("STRESS_ROUNDS"), out var r) ? r : 20;
    private const int Clients = 3;
    private const int BurstPerServer = 600;
    private const int WhileDisconnected = 20;
    // Broadcasts a server has under way at once (each server still logs and delivers them in call order).
    private const int InFlight = 8;

    [Fact]
    public async Task Broadcasts_from_both_servers_racing_the_end_of_a_restore_arrive_exactly_once_and_in_order()
    {
        var key = Keys.New();
        var ct = TestContext.Current.CancellationToken;
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        var nodes = new[] { a, b };
        var senders = new[] { new Sender(a, "a"), new Sender(b, "b") };
        var clients = new List<RecoveryClient>();
        var ids = new List<string>();
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration());
        var database = multiplexer.GetDatabase();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                var client = RecoveryClient.Start();
                clients.Add(client);
                ids.Add(await client.ConnectAsync(a.Url));
                await client.EmitWithAckAsync("join", "r1");
            }
            await a.Io.Sockets.To("r1").EmitAsync("hello"); // gives the clients an offset
            foreach (var client in clients) await client.Log.WaitAsync(r => r.IsEvent("hello"), "hello");

            for (var round = 0; round < Rounds; round++)
            {
                // Alternately restored by the other server and by the one the clients were on.
                var restoring = nodes[(round + 1) % 2];
                await Task.WhenAll(clients.Select(async client =>
                {
                    var pid = (await client.StateAsync())["pid"]!.GetValue<string>();
                    await client.DropAsync();
                    await Sessions.WaitForPersistedAsync(database, key, pid, nodes);
                }));
                // Missed while disconnected: replayed from the log.
                foreach (var sender in senders) await sender.SendAsync(WhileDisconnected, ct);

                restoring.RecoveringConnects.Arm();
                var reconnecting = clients.Select(c => c.ReconnectAsync(restoring.Url)).ToArray();
                await Timeouts.WaitUntilAsync(() => Task.FromResult(restoring.RecoveringConnects.EnteredCount == Clients), "the clients to reach the middleware");
                var bursts = senders.Select(s => Task.Run(() => s.SendAsync(BurstPerServer, ct), ct)).ToArray();
                // Released while both servers are mid-burst: the windows complete and the replays go out under fire.
                await Timeouts.WaitUntilAsync(
                    () => Task.FromResult(senders.All(s => s.BurstProgress >= BurstPerServer / 3) || bursts.Any(t => t.IsCompleted)),
                    "both servers to be broadcasting");
                restoring.RecoveringConnects.Release();
                Assert.Equal(ids, await Task.WhenAll(reconnecting));
                await Task.WhenAll(bursts);

                for (var i = 0; i < Clients; i++)
                {
                    var client = clients[i];
                    Assert.True(client.Log.Where(r => r.Type() == "connect").Last()["recovered"]!.GetValue<bool>(), $"round {round}, client {i}: not recovered");
                    // Each burst ends with a broadcast to everyone: once both arrived, everything of the round did.
                    await Timeouts.WaitUntilAsync(
                        () => Task.FromResult(senders.All(s => client.Log.Count(r => IsFrom(r, s.Name, s.LastSent)) > 0)),
                        $"round {round}, client {i}: the last broadcasts", TimeSpan.FromSeconds(30));
                    AssertExactlyOnceInOrder(client, senders, $"round {round} (restored by {(restoring == a ? "a" : "b")}), client {i}");
                }
            }
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    private static bool IsFrom(JsonObject report, string server, int seq)
        => report.IsEvent("s") && report["args"] is JsonArray args && args[0]!.GetValue<string>() == server && args[1]!.GetValue<int>() == seq;

    private static void AssertExactlyOnceInOrder(RecoveryClient client, IEnumerable<Sender> senders, string context)
    {
        var received = client.Received("s");
        foreach (var sender in senders)
        {
            var got = received.Where(args => args[0]!.GetValue<string>() == sender.Name).Select(args => args[1]!.GetValue<int>()).ToList();
            var expected = sender.ExpectedByClient;
            if (got.SequenceEqual(expected)) continue;
            var report = new StringBuilder($"{context}, broadcasts of {sender.Name}: {got.Count} received, {expected.Count} expected.");
            var duplicates = got.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (duplicates.Count > 0) report.Append($"\n  twice or more: {string.Join(", ", duplicates.Take(20))}");
            var missing = expected.Except(got).ToList();
            if (missing.Count > 0) report.Append($"\n  missing: {string.Join(", ", missing.Take(20))}");
            var unexpected = got.Except(expected).ToList();
            if (unexpected.Count > 0) report.Append($"\n  not for it: {string.Join(", ", unexpected.Take(20))}");
            var disorder = got.Zip(got.Skip(1)).Where(p => p.Second <= p.First).Take(10).ToList();
            if (disorder.Count > 0) report.Append($"\n  out of order: {string.Join(", ", disorder.Select(p => $"{p.First} then {p.Second}"))}");
            Assert.Fail(report.ToString());
        }
        // Whichever server sent them, a client receives the logged broadcasts in log order: its last offset is always
        // the newest packet it has (so the next restore replays exactly what it missed).
        string? previous = null;
        foreach (var args in received)
        {
            var text = args[^1]!.GetValue<string>();
            Assert.True(StreamOffset.TryParse(text, out var offset), $"{context}: not a log offset: {text}");
            if (previous is not null)
            {
                StreamOffset.TryParse(previous, out var before);
                Assert.True(offset > before, $"{context}: offset {text} received after {previous}");
            }
            previous = text;
        }
    }

    /// <summary>One server's broadcasts, numbered 1, 2, ... across the test: to everyone, to r1 (the client's room) or to r2.</summary>
    private sealed class Sender(TetherNode node, string name)
    {
        private int _next = 1;
        private volatile int _burstProgress;

        public string Name { get; } = name;

        public int LastSent => _next - 1;

        public int BurstProgress => _burstProgress;

        /// <summary>The numbers of the broadcasts the client should get, in order.</summary>
        public List<int> ExpectedByClient { get; } = [];

        /// <summary>
        /// Sends <paramref name="count"/> broadcasts, up to <see cref="InFlight"/> at once, the last one to everyone.
        /// </summary>
        public async Task SendAsync(int count, CancellationToken ct)
        {
            _burstProgress = 0;
            var pending = new Queue<Task>();
            for (var i = 0; i < count; i++)
            {
                ct.ThrowIfCancellationRequested();
                var seq = _next++;
                var target = i == count - 1 ? 0 : seq % 3;
                // Called in order without waiting: the adapter logs them in call order.
                pending.Enqueue(target switch
                {
                    0 => node.Io.Sockets.EmitAsync("s", Name, seq),
                    1 => node.Io.Sockets.To("r1").EmitAsync("s", Name, seq),
                    _ => node.Io.Sockets.To("r2").EmitAsync("s", Name, seq),
                });
                if (target != 2) ExpectedByClient.Add(seq);
                if (pending.Count >= InFlight) await pending.Dequeue();
                _burstProgress = i + 1;
            }
            await Task.WhenAll(pending);
        }
    }
}
