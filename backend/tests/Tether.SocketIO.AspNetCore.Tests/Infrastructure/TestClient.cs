using System.Text.Json.Nodes;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// One Socket.IO client socket (one namespace) driven by a real client library. Everything it observes lands in
/// <see cref="Log"/> as reports: <c>connect {sid}</c>, <c>connect_error {message, data}</c>,
/// <c>disconnect {reason}</c>, <c>event {event, args}</c>; payloads use the <see cref="Json"/> form.
/// </summary>
public abstract class TestClient(string name, string @namespace, EventLog log)
{
    /// <summary>The test's name for this client.</summary>
    public string Name { get; } = name;

    /// <summary>The namespace it connects to.</summary>
    public string Namespace { get; } = @namespace;

    /// <summary>What it observed.</summary>
    public EventLog Log { get; } = log;

    /// <summary>The Socket.IO id the server gave it (the <c>sid</c> of its CONNECT reply), once connected.</summary>
    public string? Sid { get; private set; }

    /// <summary>Connects and waits for the CONNECT reply; fails with the server's error when refused.</summary>
    public async Task<string> ConnectAsync()
    {
        await StartConnectAsync();
        var outcome = await Log.WaitAsync(r => r.Type() is "connect" or "connect_error", $"{Name} to connect to {Namespace}");
        if (outcome.Type() == "connect_error")
            Assert.Fail($"{Name} could not connect to {Namespace}: {outcome.ToJsonString()}");
        return Sid = outcome.Str("sid") ?? throw new InvalidOperationException("connect report without sid");
    }

    /// <summary>Connects expecting a refusal; returns the <c>connect_error</c> report (message, data).</summary>
    public async Task<JsonObject> ConnectExpectingErrorAsync()
    {
        await StartConnectAsync();
        var outcome = await Log.WaitAsync(r => r.Type() is "connect" or "connect_error", $"{Name} to be refused by {Namespace}");
        if (outcome.Type() == "connect")
            Assert.Fail($"{Name} was expected to be refused by {Namespace} but connected: {outcome.ToJsonString()}");
        return outcome;
    }

    /// <summary>Starts connecting without waiting.</summary>
    protected abstract Task StartConnectAsync();

    /// <summary>Emits an event (queued in order with the client's other emits).</summary>
    public abstract Task EmitAsync(string eventName, params JsonNode?[] args);

    /// <summary>Emits an event asking for an ack; returns the ack's arguments.</summary>
    public abstract Task<JsonArray> EmitWithAckAsync(string eventName, params JsonNode?[] args);

    /// <summary>Answers the server's ack requests for <paramref name="eventName"/> with <paramref name="reply"/>.</summary>
    public abstract Task AnswerAcksAsync(string eventName, JsonArray reply);

    /// <summary>Never answers the server's ack requests for <paramref name="eventName"/>.</summary>
    public abstract Task IgnoreAcksAsync(string eventName);

    /// <summary>Disconnects from the namespace.</summary>
    public abstract Task DisconnectAsync();

    /// <summary>The arguments of the <paramref name="occurrence"/>-th <paramref name="eventName"/> received.</summary>
    public async Task<JsonArray> EventAsync(string eventName, int occurrence = 0)
    {
        var report = await Log.WaitAsync(r => IsEvent(r, eventName), $"{Name} to receive '{eventName}' (#{occurrence + 1})", occurrence);
        return report["args"]!.AsArray();
    }

    /// <summary>How many <paramref name="eventName"/> events arrived so far.</summary>
    public int CountEvents(string eventName) => Log.Count(r => IsEvent(r, eventName));

    /// <summary>Every <paramref name="eventName"/> received so far, as argument arrays.</summary>
    public IReadOnlyList<JsonArray> Events(string eventName) =>
        Log.Snapshot().Where(r => IsEvent(r, eventName)).Select(r => r["args"]!.AsArray()).ToList();

    /// <summary>Waits for the disconnection; returns its reason (e.g. "io server disconnect").</summary>
    public async Task<string> DisconnectedAsync(TimeSpan? timeout = null)
    {
        var report = await Log.WaitAsync(r => r.Type() == "disconnect", $"{Name} to be disconnected", timeout: timeout);
        return report.Str("reason") ?? "";
    }

    /// <summary>Whether the client saw a disconnection.</summary>
    public bool IsDisconnected => Log.Count(r => r.Type() == "disconnect") > 0;

    private static bool IsEvent(JsonObject r, string eventName) => r.Type() == "event" && r.Str("event") == eventName;
}
