using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIOClient.Transport;
using ClientOptions = global::SocketIOClient.SocketIOOptions;
using ClientSocket = global::SocketIOClient.SocketIO;
using SocketIOResponse = global::SocketIOClient.SocketIOResponse;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A socket of the .NET SocketIOClient 3.0.6 package, reporting in the same form as the Node driver.
/// </summary>
/// <remarks>
/// Two quirks of that client shape this adapter: <c>OnAny</c> never sees binary events (only <c>On</c> handlers do),
/// so the events the tests use are listed in <see cref="KnownEvents"/>; and a received event does not tell whether
/// the server asked for an ack, so acks are only answered for events given to <see cref="AnswerAcksAsync"/>.
/// It also reports only the message of a refused connection, never its data. Over polling it sends every emit as
/// its own POST at once, and overlapping POSTs break the protocol (Node's server closes the session as Tether
/// does), so this adapter sends one thing at a time, as a careful application would.
/// </remarks>
public sealed class DotNetTestClient : TestClient, IAsyncDisposable
{
    /// <summary>Events listened to with <c>On</c> (binary-capable); others are caught by <c>OnAny</c> (text only).</summary>
    public static readonly IReadOnlySet<string> KnownEvents = new HashSet<string>
    {
        "auth", "welcome", "message-back", "binary", "server-ack-request", "server-ack-result", "room-message",
        "notice", "question", "volatile", "local", "marker", "direct",
    };

    private readonly ClientSocket _io;
    private readonly ConcurrentDictionary<string, JsonArray> _ackReplies = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    internal DotNetTestClient(string name, string url, string @namespace, TransportMode mode, JsonNode? auth)
        : base(name, @namespace, new EventLog())
    {
        var options = new ClientOptions
        {
            EIO = 4,
            Transport = mode == TransportMode.WebSocket ? TransportProtocol.WebSocket : TransportProtocol.Polling,
            AutoUpgrade = mode == TransportMode.PollingThenUpgrade,
            Reconnection = false,
            ConnectionTimeout = Timeouts.Default,
        };
        if (auth is not null) options.Auth = ToClr(auth);
        _io = new ClientSocket(new Uri(url.TrimEnd('/') + (@namespace == "/" ? "/" : @namespace)), options);

        _io.OnConnected += (_, _) => Log.Add(new JsonObject { ["type"] = "connect", ["sid"] = _io.Id });
        _io.OnError += (_, message) => Log.Add(new JsonObject { ["type"] = "connect_error", ["message"] = message, ["data"] = null });
        _io.OnDisconnected += (_, reason) => Log.Add(new JsonObject { ["type"] = "disconnect", ["reason"] = reason });
        foreach (var name2 in KnownEvents) _io.On(name2, response => Record(name2, response));
        _io.OnAny((eventName, response) =>
        {
            if (!KnownEvents.Contains(eventName)) Record(eventName, response);
        });
    }

    protected override Task StartConnectAsync()
    {
        // ConnectAsync's own completion says little (it also completes when refused): the outcome is read from
        // the reports. A transport failure surfaces as an exception, which becomes a connect_error report.
        _ = _io.ConnectAsync().ContinueWith(
            t => Log.Add(new JsonObject { ["type"] = "connect_error", ["message"] = t.Exception!.GetBaseException().Message, ["data"] = null }),
            TaskContinuationOptions.OnlyOnFaulted);
        return Task.CompletedTask;
    }

    public override Task EmitAsync(string eventName, params JsonNode?[] args) => SendAsync(() => _io.EmitAsync(eventName, ToClrArgs(args)));

    public override async Task<JsonArray> EmitWithAckAsync(string eventName, params JsonNode?[] args)
    {
        var answer = new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync(() => _io.EmitAsync(eventName, response => answer.TrySetResult(ToJson(response)), ToClrArgs(args)));
        try
        {
            return await answer.Task.WaitAsync(Timeouts.Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name}'s '{eventName}' was not acknowledged within {Timeouts.Default}. History:\n{Log.Dump()}");
        }
    }

    public override Task AnswerAcksAsync(string eventName, JsonArray reply)
    {
        _ackReplies[eventName] = (JsonArray)reply.DeepClone();
        return Task.CompletedTask;
    }

    // This client only answers when told to (see the remarks), so ignoring is the default.
    public override Task IgnoreAcksAsync(string eventName)
    {
        _ackReplies.TryRemove(eventName, out _);
        return Task.CompletedTask;
    }

    public override Task DisconnectAsync() => _io.DisconnectAsync();

    private async Task SendAsync(Func<Task> send)
    {
        await _sendLock.WaitAsync();
        try
        {
            await send();
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void Record(string eventName, SocketIOResponse response)
    {
        var args = ToJson(response);
        var hasReply = _ackReplies.TryGetValue(eventName, out var reply);
        Log.Add(new JsonObject { ["type"] = "event", ["event"] = eventName, ["args"] = args, ["hasAck"] = hasReply });
        if (hasReply)
        {
            _ = SendAsync(() => response.CallbackAsync(ToClrArgs([.. reply!])));
            Log.Add(new JsonObject { ["type"] = "acked", ["event"] = eventName, ["args"] = reply!.DeepClone() });
        }
    }

    // The client hands out placeholders plus a list of attachments; put the bytes back in place, in Json.Bin form.
    private static JsonArray ToJson(SocketIOResponse response)
    {
        var args = new JsonArray();
        for (var i = 0; i < response.Count; i++)
            args.Add(Restore(JsonSerializer.SerializeToNode(response.GetValue<JsonElement>(i)), response.InComingBytes));
        return args;
    }

    private static JsonNode? Restore(JsonNode? node, IReadOnlyList<byte[]>? attachments)
    {
        switch (node)
        {
            case JsonObject obj when obj["_placeholder"] is JsonValue p && p.TryGetValue<bool>(out var isPlaceholder) && isPlaceholder:
                var num = obj["num"]!.GetValue<int>();
                return attachments is not null && num < attachments.Count ? Json.Bin(attachments[num]) : obj.DeepClone();
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj) copy[key] = Restore(value, attachments);
                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(item => Restore(item, attachments)).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    private static object?[] ToClrArgs(JsonNode?[] args) => args.Select(ToClr).ToArray();

    // JSON nodes serialise as they are, except that bytes must be byte[] for the client to send them as attachments.
    private static object? ToClr(JsonNode? node) => node switch
    {
        _ when Json.IsBin(node, out var bytes) => bytes,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToClr(p.Value)),
        JsonArray array => array.Select(ToClr).ToList(),
        _ => node?.DeepClone(),
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Also after a refused connection: the client keeps its Engine.IO connection open otherwise.
            await _io.DisconnectAsync().WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (Exception)
        {
            // Best effort: the test is over, and the client may already be closed.
        }
        _io.Dispose();
    }
}
