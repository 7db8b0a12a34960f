using System.Text.Json;
using Soak.Client;
using VideoConf.Cluster.Tests.Infrastructure;

namespace VideoConf.Cluster.Tests;

/// <summary>The cluster with a small per-connection send buffer (1 MB instead of 16 MB), bound from configuration.</summary>
public sealed class SmallBufferClusterFixture : ClusterFixture
{
    public const int MaxBufferedBytes = 1024 * 1024;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["SocketIO__Engine__MaxBufferedBytes"] = MaxBufferedBytes.ToString(),
    };
}

/// <summary>A client completes the handshake, joins the session, then never reads again while large events flow.</summary>
public sealed class SlowConsumerTests(SmallBufferClusterFixture cluster) : IClassFixture<SmallBufferClusterFixture>
{
    private const int EventBytes = 100_000;
    private const int MaxEvents = 150; // 15 MB: far past the buffer plus what the kernels hold; under the sender's event burst

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_and_the_other_clients_receive_everything()
    {
        var a = cluster.A.BaseAddress;
        var b = cluster.B.BaseAddress;
        var coach = await ApiUser.LoginAsync(b, "Coach", "coach");
        var sessionId = await coach.CreateSessionAsync("Big code");
        var fastOnA = await JoinedAsync(a, sessionId, "Fast A");
        var fastOnB = await JoinedAsync(b, sessionId, "Fast B");
        var stalled = await JoinedAsync(a, sessionId, "Stalled");

        await using var sender = await Raw.ConnectAsync(coach, sessionId);
        await using var readerA = await Raw.ConnectAsync(fastOnA, sessionId);
        await using var readerB = await Raw.ConnectAsync(fastOnB, sessionId);
        // A tiny receive window, so the kernel holds little and the server's own queue has to take the rest.
        await using var slow = await Raw.ConnectAsync(stalled, sessionId, receiveBufferSize: 4096);
        foreach (var client in new[] { sender, readerA, readerB, slow }) await client.WaitForAsync("participants", timeout: Timeouts.Event);
        var slowSid = slow.Id!;
        var dropped = readerA.WaitForAsync("participant-left", p => p.GetProperty("socketId").GetString() == slowSid, Timeouts.Long);
        slow.PauseReading();

        // Large code_change relays from B, each delivered to the readers before the next, until A drops the stalled client.
        var filler = new string('x', EventBytes);
        var sent = 0;
        while (sent < MaxEvents && !dropped.IsCompleted) await SendAndAwaitAsync(++sent);
        Assert.True(dropped.IsCompleted, $"the stalled client was not dropped after {sent} events of {EventBytes} bytes");
        await dropped;
        for (var i = 0; i < 5; i++) await SendAndAwaitAsync(++sent);
        await Sync.MarkerAsync(coach, sessionId, readerA, readerB, sender);

        var expected = Enumerable.Range(1, sent).Select(i => (string?)$"burst-{i}").ToList();
        Assert.Equal(expected, Languages(readerA));
        Assert.Equal(expected, Languages(readerB));
        Assert.Empty(sender.Received("code_change"));
        await readerB.WaitForAsync("participant-left", p => p.GetProperty("socketId").GetString() == slowSid, Timeouts.Event);
        Assert.True(readerA.IsConnected && readerB.IsConnected && sender.IsConnected);
        Assert.Contains("slow consumer", cluster.A.Output, StringComparison.OrdinalIgnoreCase);

        // The server closed the stalled connection: once it reads again it finds the end after what the kernel held.
        slow.ResumeReading();
        await slow.NextDisconnect.WaitAsync(Timeouts.Event);
        TestContext.Current.TestOutputHelper?.WriteLine($"dropped after {sent - 5} events of {EventBytes} bytes; A RSS {cluster.A.ResidentBytes() / 1048576} MB");

        async Task SendAndAwaitAsync(int n)
        {
            await sender.EmitAsync("code_change", new { code = $"{n}:{filler}", language = $"burst-{n}" });
            await readerA.WaitForAsync("code_change", c => Language(c) == $"burst-{n}", Timeouts.Event);
            await readerB.WaitForAsync("code_change", c => Language(c) == $"burst-{n}", Timeouts.Event);
        }
    }

    private static List<string?> Languages(RawSocketIOClient client) => client.Received("code_change").Select(Language).ToList();

    private static string? Language(JsonElement change) => change.GetProperty("language").GetString();

    private static async Task<ApiUser> JoinedAsync(Uri server, string sessionId, string name)
    {
        var user = await ApiUser.LoginAsync(server, name, "participant");
        await user.JoinAsync(sessionId);
        return user;
    }
}
