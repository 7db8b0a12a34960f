using System.Text.Json;
using System.Text.Json.Nodes;
using SocketIOClient.Transport;
using ClientOptions = global::SocketIOClient.SocketIOOptions;
using ClientSocket = global::SocketIOClient.SocketIO;
using SocketIOResponse = global::SocketIOClient.SocketIOResponse;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>
/// A socket of the .NET SocketIOClient 3.0.6 package, over WebSocket, reporting <c>{type: "event", event, args}</c>
/// with bytes as <see cref="BinJson.Bin"/>. That client only hands binary events to <c>On</c> handlers (not
/// <c>OnAny</c>), so the event names a test expects are listed up front. It cannot tell whether the server asked for
/// an acknowledgement either, so it answers only the events named in <c>acks</c>, with <c>{client, event}</c>.
/// </summary>
public sealed class DotNetClient : IAsyncDisposable
{
    private readonly ClientSocket _io;
    private readonly HashSet<string> _acks;

    private DotNetClient(string name, string url, JsonObject? auth, IEnumerable<string> events, IEnumerable<string> acks)
    {
        Name = name;
        _acks = [.. acks];
        var options = new ClientOptions
        {
            EIO = 4,
            Transport = TransportProtocol.WebSocket,
            AutoUpgrade = false,
            Reconnection = false,
            ConnectionTimeout = Timeouts.Default,
        };
        if (auth is not null) options.Auth = JsonSerializer.Deserialize<Dictionary<string, object>>(auth.ToJsonString());
        _io = new ClientSocket(new Uri(url + "/"), options);
        _io.OnConnected += (_, _) => Log.Add(new JsonObject { ["type"] = "connect", ["sid"] = _io.Id });
        _io.OnError += (_, message) => Log.Add(new JsonObject { ["type"] = "connect_error", ["message"] = message });
        _io.OnDisconnected += (_, reason) => Log.Add(new JsonObject { ["type"] = "disconnect", ["reason"] = reason });
        foreach (var eventName in events) _io.On(eventName, response => Record(eventName, response));
    }

    public string Name { get; }

    public EventLog Log { get; } = new();

    public string Id => _io.Id;

    /// <summary>Connects and waits for the CONNECT reply.</summary>
    public static async Task<DotNetClient> ConnectAsync(string name, string url, JsonObject? auth, string[] events, string[]? acks = null)
    {
        var client = new DotNetClient(name, url, auth, events, acks ?? []);
        await client._io.ConnectAsync().WaitAsync(Timeouts.Default);
        await client.Log.WaitAsync(r => r.Type() == "connect", $"{name} to connect to {url}");
        return client;
    }

    public Task EmitAsync(string eventName, params object[] args) => _io.EmitAsync(eventName, args);

    /// <summary>The arguments of every <paramref name="eventName"/> received so far.</summary>
    public IReadOnlyList<JsonArray> Received(string eventName)
        => Log.Where(r => r.IsEvent(eventName)).Select(r => (JsonArray)r["args"]!).ToArray();

    private void Record(string eventName, SocketIOResponse response)
    {
        var args = new JsonArray();
        for (var i = 0; i < response.Count; i++)
            args.Add(Restore(JsonSerializer.SerializeToNode(response.GetValue<JsonElement>(i)), response.InComingBytes));
        Log.Add(new JsonObject { ["type"] = "event", ["event"] = eventName, ["args"] = args });
        if (_acks.Contains(eventName)) _ = response.CallbackAsync(new Dictionary<string, string> { ["client"] = Name, ["event"] = eventName });
    }

    // The client hands out placeholders plus the attachments; put the bytes back in place.
    private static JsonNode? Restore(JsonNode? node, IReadOnlyList<byte[]>? attachments) => node switch
    {
        JsonObject obj when obj["_placeholder"] is JsonValue p && p.TryGetValue<bool>(out var isPlaceholder) && isPlaceholder
            => attachments is not null && obj["num"]!.GetValue<int>() is var num && num < attachments.Count ? BinJson.Bin(attachments[num]) : obj.DeepClone(),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Restore(p.Value, attachments)))),
        JsonArray array => new JsonArray(array.Select(item => Restore(item, attachments)).ToArray()),
        _ => node?.DeepClone(),
    };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_io.Connected) await _io.DisconnectAsync().WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (Exception)
        {
            // Best effort: the test is over and the server may be gone.
        }
        _io.Dispose();
    }
}
