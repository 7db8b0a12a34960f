using System.Text.Json.Nodes;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>A socket of the npm socket.io-client, living in the test's <see cref="NodeDriver"/> process.</summary>
public sealed class NodeTestClient : TestClient
{
    private readonly NodeDriver _driver;
    private readonly JsonObject _connectCommand;
    private int _requests;

    internal NodeTestClient(NodeDriver driver, string name, string url, string @namespace, TransportMode mode, JsonNode? auth, string? manager)
        : base(name, @namespace, driver.ClientLog(name))
    {
        _driver = driver;
        Manager = manager ?? name;
        var (transports, upgrade) = mode switch
        {
            TransportMode.Polling => (new JsonArray("polling"), false),
            TransportMode.WebSocket => (new JsonArray("websocket"), false),
            _ => (new JsonArray("polling", "websocket"), true),
        };
        _connectCommand = new JsonObject
        {
            ["op"] = "connect",
            ["client"] = name,
            ["url"] = url,
            ["nsp"] = @namespace,
            ["transports"] = transports,
            ["upgrade"] = upgrade,
            ["manager"] = Manager,
        };
        if (auth is not null) _connectCommand["auth"] = auth.DeepClone();
    }

    /// <summary>The name of the Manager (Engine.IO connection) this socket uses; sockets sharing it are multiplexed.</summary>
    public string Manager { get; }

    protected override Task StartConnectAsync() => _driver.SendAsync((JsonObject)_connectCommand.DeepClone());

    public override Task EmitAsync(string eventName, params JsonNode?[] args) =>
        _driver.SendAsync(new JsonObject { ["op"] = "emit", ["client"] = Name, ["event"] = eventName, ["args"] = Json.Array(args) });

    /// <summary>Emits with the volatile flag (the client drops it when its transport is not writable).</summary>
    public Task EmitVolatileAsync(string eventName, params JsonNode?[] args) =>
        _driver.SendAsync(new JsonObject { ["op"] = "emit", ["client"] = Name, ["event"] = eventName, ["args"] = Json.Array(args), ["volatile"] = true });

    public override async Task<JsonArray> EmitWithAckAsync(string eventName, params JsonNode?[] args)
    {
        var req = $"{Name}-{Interlocked.Increment(ref _requests)}";
        await _driver.SendAsync(new JsonObject
        {
            ["op"] = "emit", ["client"] = Name, ["event"] = eventName, ["args"] = Json.Array(args),
            ["ack"] = true, ["timeoutMs"] = (int)Timeouts.Default.TotalMilliseconds, ["req"] = req,
        });
        var answer = await Log.WaitAsync(r => r.Type() is "ack" or "ack_error" && r.Str("req") == req, $"{Name}'s ack for '{eventName}'",
            timeout: Timeouts.Default + TimeSpan.FromSeconds(2));
        if (answer.Type() == "ack_error") Assert.Fail($"{Name}'s '{eventName}' was not acknowledged: {answer.ToJsonString()}");
        return answer["args"]!.AsArray();
    }

    public override Task AnswerAcksAsync(string eventName, JsonArray reply) =>
        SendAndWaitAsync(new JsonObject { ["op"] = "ackReply", ["client"] = Name, ["event"] = eventName, ["reply"] = reply.DeepClone() });

    public override Task IgnoreAcksAsync(string eventName) =>
        SendAndWaitAsync(new JsonObject { ["op"] = "ackReply", ["client"] = Name, ["event"] = eventName, ["ignore"] = true });

    public override Task DisconnectAsync() => SendAndWaitAsync(new JsonObject { ["op"] = "disconnect", ["client"] = Name });

    /// <summary>Stops answering the server's pings, so that it looks dead to the server.</summary>
    public Task StopAnsweringPingsAsync() => SendAndWaitAsync(new JsonObject { ["op"] = "stopPong", ["client"] = Name });

    /// <summary>Writes a raw Engine.IO message (what follows the '4' type) on this socket's connection.</summary>
    public Task RawWriteAsync(string data) => SendAndWaitAsync(new JsonObject { ["op"] = "rawWrite", ["client"] = Name, ["data"] = data });

    /// <summary>Waits until this socket's Engine.IO connection upgraded to WebSocket.</summary>
    public Task UpgradedAsync() =>
        _driver.Log.WaitAsync(r => r.Type() == "upgrade" && r.Str("manager") == Manager, $"manager {Manager} to upgrade to websocket");

    // Commands other than emit are acknowledged by the driver with {"type":"done"}, so the next step of a test
    // starts after the command took effect.
    private async Task SendAndWaitAsync(JsonObject command)
    {
        var req = $"{Name}-{command["op"]}-{Interlocked.Increment(ref _requests)}";
        command["req"] = req;
        await _driver.SendAsync(command);
        var done = await _driver.Log.WaitAsync(r => r.Type() is "done" or "driver_error" && (r.Str("req") == req || r.Str("command")?.Contains(req) == true),
            $"the driver to run {command.ToJsonString()}");
        if (done.Type() == "driver_error") Assert.Fail($"The Node driver failed to run {command.ToJsonString()}: {done["message"]}");
    }
}
