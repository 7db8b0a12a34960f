using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Tether.SocketIO.Redis.Tests.Infrastructure;

namespace Tether.SocketIO.Redis.Tests.Recovery;

/// <summary>
/// A server that dies without running its disconnect handling (SIGKILL, a crash): the sessions of its live sockets
/// are already in Redis (written on connect, rewritten when their rooms change, kept from expiring while they live),
/// so its clients recover on another server. The death is stood for by closing the server's Redis connection before
/// its clients lose theirs: nothing it does afterwards reaches Redis.
/// </summary>
public sealed class ProcessDeathRecoveryTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task The_client_of_a_server_that_died_recovers_on_another_with_its_id_rooms_data_and_missed_events()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration());
        var database = multiplexer.GetDatabase();
        await using var client = RecoveryClient.Start();
        var id = await client.ConnectAsync(a.Url);
        var pid = (await client.StateAsync())["pid"]!.GetValue<string>();
        // Kept while the socket lives, owned by its server.
        await Timeouts.WaitUntilAsync(() => Sessions.KeptAsync(database, key, pid), "the live session to be kept");
        Assert.Equal(a.Adapter.Uid, await Sessions.OwnerAsync(database, key, pid));
        await client.EmitWithAckAsync("set", "color", "blue");
        await client.EmitWithAckAsync("join", "r1"); // a room change rewrites the session (with the data as it is now)
        await Timeouts.WaitUntilAsync(async () => (await SessionAsync(database, key, pid))?.GetProperty("rooms").EnumerateArray().Any(r => r.GetString() == "r1") == true,
            "the session to list r1");
        await b.Io.Sockets.To("r1").EmitAsync("news", 0); // gives the client an offset
        await client.Log.WaitAsync(r => r.IsEvent("news"), "news 0");

        // A dies: from now on nothing it does reaches Redis (its disconnect handling cannot persist anything).
        await a.Adapter.Connection.DisposeAsync();
        await client.DropAsync();
        for (var n = 1; n <= 3; n++) await b.Io.Sockets.To("r1").EmitAsync("news", n);
        await b.Io.Sockets.To("elsewhere").EmitAsync("news", 100); // not for it
        await b.Io.Sockets.EmitAsync("news", 4);

        Assert.Equal(id, await client.ReconnectAsync(b.Url));
        Assert.True(client.Log.Where(r => r.Type() == "connect").Last()["recovered"]!.GetValue<bool>());
        await b.Io.Sockets.To("r1").EmitAsync("news", 5);
        await client.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<int>() == 5, "news 5 after the recovery");
        Assert.Equal([0, 1, 2, 3, 4, 5], client.Received("news").Select(args => args[0]!.GetValue<int>()));
        var socket = b.Io.Sockets.Sockets[id];
        Assert.True(socket.Recovered);
        Assert.Contains("r1", socket.Rooms);
        Assert.Equal("blue", ((JsonElement)socket.Data["color"]!).GetString());
        // B keeps the recovered socket's session alive in turn.
        await Timeouts.WaitUntilAsync(async () => await Sessions.OwnerAsync(database, key, pid) == b.Adapter.Uid && await Sessions.KeptAsync(database, key, pid),
            "B to keep the live session");
    }

    [Fact]
    public async Task A_live_session_is_refreshed_while_its_socket_lives_and_expires_once_its_server_is_gone()
    {
        var key = Keys.New();
        var ttl = TimeSpan.FromSeconds(2);
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot(ttl));
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration());
        var database = multiplexer.GetDatabase();
        await using var client = RecoveryClient.Start();
        await client.ConnectAsync(a.Url);
        var pid = (await client.StateAsync())["pid"]!.GetValue<string>();
        await Timeouts.WaitUntilAsync(() => Sessions.KeptAsync(database, key, pid), "the live session to be kept");

        // Well past its time to live, the session of the live socket is still there.
        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(ttl / 2, TestContext.Current.CancellationToken);
            Assert.True(await Sessions.KeptAsync(database, key, pid), $"live session gone after {(i + 1) * ttl.TotalSeconds / 2}s");
            var remaining = await database.KeyTimeToLiveAsync(Sessions.Key(key, pid));
            Assert.True(remaining is { } r && r <= ttl, $"time to live {remaining}");
        }

        // The server dies: no more refreshes, the session expires within its time to live.
        var died = DateTime.UtcNow;
        await a.Adapter.Connection.DisposeAsync();
        await Timeouts.WaitUntilAsync(async () => !await database.KeyExistsAsync(Sessions.Key(key, pid)), "the session to expire");
        Assert.True(DateTime.UtcNow - died < ttl + TimeSpan.FromSeconds(1), $"expired after {DateTime.UtcNow - died}");
    }

    [Fact]
    public async Task The_session_of_a_socket_alive_on_a_running_server_is_not_taken_until_that_server_persisted_it()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration());
        var database = multiplexer.GetDatabase();
        await using var client = RecoveryClient.Start();
        var id = await client.ConnectAsync(a.Url);
        await client.EmitWithAckAsync("join", "r1");
        await a.Io.Sockets.To("r1").EmitAsync("news", 0);
        await client.Log.WaitAsync(r => r.IsEvent("news"), "news 0");
        var state = await client.StateAsync();
        var pid = state["pid"]!.GetValue<string>();
        await Timeouts.WaitUntilAsync(() => Sessions.KeptAsync(database, key, pid), "the live session to be kept");

        // The same private id presented to B while A runs and its socket is connected (a copy of the client, or the
        // client itself on a half-open connection A has not noticed yet): a fresh session, as without live sessions.
        await using var copy = RecoveryClient.Start();
        var copyId = await copy.ConnectAsync(b.Url, auth: new JsonObject { ["pid"] = state["pid"]!.DeepClone(), ["offset"] = state["offset"]!.DeepClone() });
        Assert.NotEqual(id, copyId);
        Assert.False(b.Io.Sockets.Sockets[copyId].Recovered);
        Assert.True(await Sessions.KeptAsync(database, key, pid));
        Assert.Equal(a.Adapter.Uid, await Sessions.OwnerAsync(database, key, pid));

        // Once A noticed the lost connection (and persisted the session), the client recovers on B.
        a.Io.Sockets.Sockets[id].Join("r2");
        await client.DropAsync();
        await Sessions.WaitForPersistedAsync(database, key, pid, [a, b]);
        await a.Io.Sockets.To("r2").EmitAsync("news", 1);
        Assert.Equal(id, await client.ReconnectAsync(b.Url));
        Assert.True(b.Io.Sockets.Sockets[id].Recovered);
        Assert.Contains("r2", b.Io.Sockets.Sockets[id].Rooms);
        await client.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<int>() == 1, "news 1 replayed");
    }

    private static async Task<JsonElement?> SessionAsync(IDatabase database, string key, string pid)
    {
        var json = await database.HashGetAsync(Sessions.Key(key, pid), "s");
        return json.IsNull ? null : JsonDocument.Parse((string)json!).RootElement.Clone();
    }
}
