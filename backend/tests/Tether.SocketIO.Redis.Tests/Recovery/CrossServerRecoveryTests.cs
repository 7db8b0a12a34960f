using System.Text.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Redis.Internal.Recovery;
using Tether.SocketIO.Redis.Tests.Infrastructure;

namespace Tether.SocketIO.Redis.Tests.Recovery;

/// <summary>
/// Connection state recovery across the servers of a cluster: two Tether servers A and B with recovery on "/" (and the
/// namespace middleware run for recovered connections, as the application configures it), and the unmodified npm
/// socket.io-client, which keeps its private id and last offset and presents them when it reconnects.
/// </summary>
public sealed class CrossServerRecoveryTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task A_client_cut_off_from_one_server_recovers_on_the_other_with_its_id_rooms_data_and_every_missed_event()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var client = RecoveryClient.Start();
        var id = await client.ConnectAsync(a.Url, auth: new JsonObject { ["name"] = "ann" });
        await client.EmitWithAckAsync("join", "r1");
        await client.EmitWithAckAsync("set", "color", "blue");
        await b.Io.Sockets.To("r1").EmitAsync("news", 0); // gives the client an offset
        await client.Log.WaitAsync(r => r.IsEvent("news"), "news 0");
        var pid = (await client.StateAsync())["pid"]!.GetValue<string>();

        // The server closes the transport (no DISCONNECT packet): the session is kept in Redis.
        await client.EmitAsync("kick");
        await client.Log.WaitAsync(r => r.Type() == "disconnect", "the client to lose its connection");
        await WaitForSessionAsync(key, pid, exists: true, a, b);
        Assert.False(a.Io.Sockets.Sockets.ContainsKey(id));

        for (var n = 1; n <= 4; n++) await b.Io.Sockets.To("r1").EmitAsync("news", n);
        await a.Io.Sockets.To("r1").EmitAsync("news", 5);              // from the server it left, too
        await b.Io.Sockets.To("elsewhere").EmitAsync("news", 100);     // not for it
        await a.Io.Sockets.Except("r1").EmitAsync("news", 101);        // not for it
        await b.Io.Sockets.EmitAsync("news", 6);                       // to everyone

        Assert.Equal(id, await client.ReconnectAsync(b.Url));
        var connect = client.Log.Where(r => r.Type() == "connect").Last();
        Assert.True(connect["recovered"]!.GetValue<bool>(), connect.ToJsonString());
        await b.Io.Sockets.To("r1").EmitAsync("news", 7);
        await client.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<int>() == 7, "news 7 after the recovery");

        var news = client.Received("news");
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], news.Select(args => args[0]!.GetValue<int>()));
        AssertIncreasingLogOffsets(news);
        var socket = b.Io.Sockets.Sockets[id];
        Assert.True(socket.Recovered);
        var fetched = Assert.Single(await b.Io.Sockets.In("r1").FetchSocketsAsync());
        Assert.Equal(id, fetched.Id);
        Assert.Contains("r1", fetched.Rooms);
        Assert.Equal("blue", ((JsonElement)fetched.Data["color"]!).GetString());
        // Taken (once): the key now holds the live session of the recovered socket, owned by B.
        await using (var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration()))
            await Timeouts.WaitUntilAsync(async () => await Sessions.OwnerAsync(multiplexer.GetDatabase(), key, pid) == b.Adapter.Uid, "B to own the session");
    }

    [Fact]
    public async Task Broadcasts_sent_while_the_recovering_socket_is_in_the_middleware_arrive_once_and_in_order()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var probe = await DotNetClient.ConnectAsync("probe", b.Url, new JsonObject { ["rooms"] = new JsonArray("r1") }, ["news"]);
        await using var client = RecoveryClient.Start();
        var id = await client.ConnectAsync(a.Url);
        await client.EmitWithAckAsync("join", "r1");
        await a.Io.Sockets.To("r1").EmitAsync("news", 0);
        await client.Log.WaitAsync(r => r.IsEvent("news"), "news 0");
        var pid = (await client.StateAsync())["pid"]!.GetValue<string>();
        await client.DropAsync();
        await WaitForSessionAsync(key, pid, exists: true, a, b);
        await b.Io.Sockets.To("r1").EmitAsync("news", 1);
        await a.Io.Sockets.To("r1").EmitAsync("news", 2);

        // B has read the log and is running the middleware when 3..5 are sent; B delivers them before the socket
        // is back in its room (the probe, a socket of B in r1, proves they reached B).
        b.RecoveringConnects.Arm();
        var reconnecting = client.ReconnectAsync(b.Url);
        await b.RecoveringConnects.Entered.Task.WaitAsync(Timeouts.Default, TestContext.Current.CancellationToken);
        await a.Io.Sockets.To("r1").EmitAsync("news", 3);
        await b.Io.Sockets.To("r1").EmitAsync("news", 4);
        await a.Io.Sockets.EmitAsync("news", 5);
        await probe.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<int>() == 5, "B to deliver news 5");
        b.RecoveringConnects.Release();
        Assert.Equal(id, await reconnecting);
        await b.Io.Sockets.To("r1").EmitAsync("news", 6);
        await client.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<int>() == 6, "news 6 after the recovery");

        var news = client.Received("news");
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], news.Select(args => args[0]!.GetValue<int>()));
        AssertIncreasingLogOffsets(news);
        Assert.True(client.Log.Where(r => r.Type() == "connect").Last()["recovered"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_expired_session_gives_a_fresh_session()
    {
        var key = Keys.New();
        var recovery = RecoveryOptions.OnRoot(TimeSpan.FromSeconds(1));
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: recovery);
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: recovery);
        await using var client = RecoveryClient.Start();
        var id = await client.ConnectAsync(a.Url);
        await client.EmitWithAckAsync("join", "r1");
        await client.EmitWithAckAsync("set", "color", "blue");
        await a.Io.Sockets.To("r1").EmitAsync("news", 0);
        await client.Log.WaitAsync(r => r.IsEvent("news"), "news 0");
        var pid = (await client.StateAsync())["pid"]!.GetValue<string>();
        await client.DropAsync();
        await WaitForSessionAsync(key, pid, exists: true, a, b);
        await b.Io.Sockets.To("r1").EmitAsync("news", 1);
        await WaitForSessionAsync(key, pid, exists: false); // expired

        var newId = await client.ReconnectAsync(b.Url);

        Assert.NotEqual(id, newId);
        Assert.False(client.Log.Where(r => r.Type() == "connect").Last()["recovered"]!.GetValue<bool>());
        Assert.False(b.Io.Sockets.Sockets[newId].Recovered);
        Assert.DoesNotContain("r1", b.Io.Sockets.Sockets[newId].Rooms);
        Assert.False(b.Io.Sockets.Sockets[newId].Data.ContainsKey("color"));
        Assert.Equal([0], client.Received("news").Select(args => args[0]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_session_is_restored_once_only()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var client = RecoveryClient.Start();
        var id = await client.ConnectAsync(a.Url);
        await client.EmitWithAckAsync("join", "r1");
        await a.Io.Sockets.To("r1").EmitAsync("news", 0);
        await client.Log.WaitAsync(r => r.IsEvent("news"), "news 0");
        var state = await client.StateAsync();
        await client.DropAsync();
        await WaitForSessionAsync(key, state["pid"]!.GetValue<string>(), exists: true, a, b);
        Assert.Equal(id, await client.ReconnectAsync(b.Url));
        Assert.True(b.Io.Sockets.Sockets[id].Recovered);

        // Another connection presenting the same private id and offset (as a copy of the client would) to A.
        await using var copy = RecoveryClient.Start();
        var copyId = await copy.ConnectAsync(a.Url, auth: new JsonObject { ["pid"] = state["pid"]!.DeepClone(), ["offset"] = state["offset"]!.DeepClone() });

        Assert.NotEqual(id, copyId);
        Assert.False(a.Io.Sockets.Sockets[copyId].Recovered);
        Assert.DoesNotContain("r1", a.Io.Sockets.Sockets[copyId].Rooms);
    }

    [Fact]
    public async Task A_client_that_left_on_purpose_gets_no_session()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var client = RecoveryClient.Start();
        var id = await client.ConnectAsync(a.Url);
        await a.Io.Sockets.EmitAsync("news", 0);
        await client.Log.WaitAsync(r => r.IsEvent("news"), "news 0");
        var pid = (await client.StateAsync())["pid"]!.GetValue<string>();

        await a.Io.Sockets.Sockets[id].DisconnectAsync(); // a DISCONNECT packet: not recoverable
        await client.Log.WaitAsync(r => r.Type() == "disconnect", "the disconnection");

        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration());
        Assert.False(await multiplexer.GetDatabase().KeyExistsAsync($"{key}-session#/#{pid}"));
    }

    [Fact]
    public async Task A_client_whose_offset_left_the_log_gets_a_fresh_session()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var client = RecoveryClient.Start();
        var id = await client.ConnectAsync(a.Url);
        await client.EmitWithAckAsync("join", "r1");
        await a.Io.Sockets.To("r1").EmitAsync("news", 0);
        await client.Log.WaitAsync(r => r.IsEvent("news"), "news 0");
        var pid = (await client.StateAsync())["pid"]!.GetValue<string>();
        await client.DropAsync();
        await WaitForSessionAsync(key, pid, exists: true, a, b);
        await using (var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration()))
        {
            // As if MaxPacketsPerNamespace newer broadcasts had pushed it out.
            await multiplexer.GetDatabase().StreamTrimAsync($"{key}-log#/#", 0);
        }

        var newId = await client.ReconnectAsync(b.Url);

        Assert.NotEqual(id, newId);
        Assert.False(b.Io.Sockets.Sockets[newId].Recovered);
        await WaitForSessionAsync(key, pid, exists: false); // taken all the same: a session is tried once
    }

    [Fact]
    public async Task A_broadcast_to_one_servers_sockets_only_is_replayed_to_that_servers_sessions_only()
    {
        var key = Keys.New();
        await using var a = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var b = await TetherNode.StartAsync(redis, key, configureIo: RecoveryOptions.OnRoot());
        await using var wasOnA = RecoveryClient.Start();
        await using var wasOnB = RecoveryClient.Start();
        await wasOnA.ConnectAsync(a.Url, auth: new JsonObject { ["rooms"] = new JsonArray("r1") });
        await wasOnB.ConnectAsync(b.Url, auth: new JsonObject { ["rooms"] = new JsonArray("r1") });
        await a.Io.Sockets.To("r1").EmitAsync("news", 0);
        foreach (var client in new[] { wasOnA, wasOnB })
        {
            await client.Log.WaitAsync(r => r.IsEvent("news"), "news 0");
            var pid = (await client.StateAsync())["pid"]!.GetValue<string>();
            await client.DropAsync();
            await WaitForSessionAsync(key, pid, exists: true, a, b);
        }

        await a.Io.Sockets.Local.To("r1").EmitAsync("news", 1); // for A's sockets only
        await b.Io.Sockets.To("r1").EmitAsync("news", 2);

        // Each comes back to the other server.
        await wasOnA.ReconnectAsync(b.Url);
        await wasOnB.ReconnectAsync(a.Url);
        await b.Io.Sockets.To("r1").EmitAsync("news", 3);
        await wasOnA.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<int>() == 3, "news 3 (was on A)");
        await wasOnB.Log.WaitAsync(r => r.IsEvent("news") && r["args"]![0]!.GetValue<int>() == 3, "news 3 (was on B)");
        Assert.Equal([0, 1, 2, 3], wasOnA.Received("news").Select(args => args[0]!.GetValue<int>()));
        Assert.Equal([0, 2, 3], wasOnB.Received("news").Select(args => args[0]!.GetValue<int>()));
    }

    /// <summary>Every offset is a log id (the same on every server), later than the one before.</summary>
    private static void AssertIncreasingLogOffsets(IReadOnlyList<JsonArray> events)
    {
        StreamOffset? previous = null;
        foreach (var args in events)
        {
            var text = args[^1]!.GetValue<string>();
            Assert.True(StreamOffset.TryParse(text, out var offset), $"not a log offset: {text}");
            if (previous is { } p) Assert.True(offset > p, $"{text} does not follow {p}");
            previous = offset;
        }
    }

    private async Task WaitForSessionAsync(string key, string pid, bool exists, params TetherNode[] nodes)
    {
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(redis.Configuration());
        var database = multiplexer.GetDatabase();
        if (exists)
        {
            await Sessions.WaitForPersistedAsync(database, key, pid, nodes);
            return;
        }
        await Timeouts.WaitUntilAsync(async () => !await Sessions.KeptAsync(database, key, pid), "the session to leave Redis");
    }
}
