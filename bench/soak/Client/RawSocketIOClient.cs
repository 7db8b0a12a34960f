using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Soak.Client;

/// <summary>One event as the client received it: the name, the first argument, and which connection brought it.</summary>
public sealed record ReceivedEvent(string Name, JsonElement Payload, int Connection, long Index);

/// <summary>What a <see cref="RawSocketIOClient"/> does.</summary>
public sealed class RawClientOptions
{
    /// <summary>The servers, in the order a load balancer would offer them; the first is used to connect.</summary>
    public required IReadOnlyList<Uri> Urls { get; init; }

    public string Namespace { get; init; } = "/video";

    /// <summary>The handshake query (e.g. <c>sessionId</c>, <c>userId</c>).</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>Sent as <c>auth: {token}</c> in the namespace CONNECT.</summary>
    public string? Token { get; init; }

    /// <summary>
    /// Reconnect after a lost connection (not after a server-side disconnect), trying the next URL first, like a
    /// client behind a load balancer whose server went away. Sends <c>pid</c>/<c>offset</c> for connection state
    /// recovery when the server offered a pid.
    /// </summary>
    public bool Reconnect { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long reconnection keeps trying before the client gives up.</summary>
    public TimeSpan ReconnectFor { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>SO_RCVBUF before connecting (small values make a non-reading client back up quickly).</summary>
    public int? ReceiveBufferSize { get; init; }

    /// <summary>Keep every event for <see cref="RawSocketIOClient.Received"/> and waits (tests); off for long soaks.</summary>
    public bool Record { get; init; } = true;

    /// <summary>Called for each event, in arrival order, on the read loop (keep it quick).</summary>
    public Action<ReceivedEvent>? OnEvent { get; init; }

    /// <summary>Awaited before each reconnection attempt series (a test holds reconnection until it has emitted).</summary>
    public Func<Task>? BeforeReconnect { get; init; }
}

/// <summary>
/// A small Socket.IO v5 / Engine.IO v4 client over a plain WebSocket (no polling, no binary packets: the app sends
/// JSON only). It reads one connection sequentially, so events are observed exactly in the order the server sent
/// them; it implements the client side of connection state recovery (pid and offset) and failover between URLs.
/// </summary>
public sealed class RawSocketIOClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly RawClientOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement[]>> _acks = new();
    private readonly List<ReceivedEvent> _events = [];
    private readonly List<(string Name, Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Done)> _waiters = [];
    private readonly List<string> _disconnects = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _disposed = new();
    private WebSocket? _ws;
    private int _urlIndex;
    private int _nextAck;
    private long _eventIndex;
    private TaskCompletionSource? _readGate;
    private TaskCompletionSource _connectedSignal = NewSignal();
    private TaskCompletionSource<string> _disconnectedSignal = NewSignal<string>();
    private Task? _reader;

    private RawSocketIOClient(RawClientOptions options) => _options = options;

    /// <summary>The socket id of the current connection.</summary>
    public string? Id { get; private set; }

    /// <summary>The private session id for recovery (null when the server does not offer recovery).</summary>
    public string? Pid { get; private set; }

    /// <summary>The offset of the last event received (recovery).</summary>
    public string? LastOffset { get; private set; }

    /// <summary>Whether the last connection recovered the previous session (same pid answered).</summary>
    public bool Recovered { get; private set; }

    /// <summary>How many times the namespace was joined (1 after the first connect).</summary>
    public int Connections { get; private set; }

    /// <summary>The server of the current (or last) connection.</summary>
    public Uri CurrentUrl => _options.Urls[_urlIndex];

    public bool IsConnected { get; private set; }

    /// <summary>Why connections ended, in order ("transport close", "io server disconnect", ...).</summary>
    public IReadOnlyList<string> Disconnects
    {
        get
        {
            lock (_gate) return _disconnects.ToList();
        }
    }

    /// <summary>The reason of the next disconnection (or the current one while disconnected).</summary>
    public Task<string> NextDisconnect
    {
        get
        {
            lock (_gate) return _disconnectedSignal.Task;
        }
    }

    /// <summary>Completes when the client is (again) connected.</summary>
    public Task NextConnect
    {
        get
        {
            lock (_gate) return _connectedSignal.Task;
        }
    }

    /// <summary>Set when reconnection gave up or was refused.</summary>
    public string? GaveUp { get; private set; }

    /// <summary>Connects to the first URL; throws <see cref="ConnectRefusedException"/> on <c>connect_error</c>.</summary>
    public static async Task<RawSocketIOClient> ConnectAsync(RawClientOptions options, CancellationToken ct = default)
    {
        var client = new RawSocketIOClient(options);
        try
        {
            await client.OpenAsync(0, ct);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
        return client;
    }

    // ------------------------------------------------------------------ events

    public IReadOnlyList<JsonElement> Received(string name)
    {
        lock (_gate) return _events.Where(e => e.Name == name).Select(e => e.Payload).ToList();
    }

    public IReadOnlyList<ReceivedEvent> All()
    {
        lock (_gate) return _events.ToList();
    }

    /// <summary>The first <paramref name="name"/> event (matching) received so far or from now on, within <paramref name="timeout"/>.</summary>
    public Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        match ??= _ => true;
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        lock (_gate)
        {
            foreach (var e in _events)
                if (e.Name == name && match(e.Payload)) return Task.FromResult(e.Payload);
            var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((name, match, done));
            return WithTimeout(done.Task, limit, $"'{name}' on {Id}");
        }
    }

    private static async Task<JsonElement> WithTimeout(Task<JsonElement> task, TimeSpan limit, string what)
    {
        try
        {
            return await task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {what}.");
        }
    }

    // ------------------------------------------------------------------ sending

    public Task EmitAsync(string name, object? payload) => SendPacketAsync($"2{NamespacePrefix}{Serialize(name, payload)}");

    /// <summary>Emits with an acknowledgement and returns its first argument.</summary>
    public async Task<JsonElement> EmitWithAckAsync(string name, object? payload, TimeSpan? timeout = null)
    {
        var id = Interlocked.Increment(ref _nextAck);
        var done = new TaskCompletionSource<JsonElement[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[id] = done;
        try
        {
            await SendPacketAsync($"2{NamespacePrefix}{id}{Serialize(name, payload)}");
            var args = await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
            return args.Length > 0 ? args[0] : default;
        }
        finally
        {
            _acks.TryRemove(id, out _);
        }
    }

    /// <summary>Stops reading from the connection (after the frame in progress): the server's writes back up.</summary>
    public void PauseReading()
    {
        lock (_gate) _readGate ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ResumeReading()
    {
        TaskCompletionSource? gate;
        lock (_gate)
        {
            gate = _readGate;
            _readGate = null;
        }
        gate?.TrySetResult();
    }

    /// <summary>Closes the connection like a network failure (no DISCONNECT packet); reconnection applies.</summary>
    public void Drop() => _ws?.Abort();

    private string NamespacePrefix => _options.Namespace == "/" ? "" : _options.Namespace + ",";

    private static string Serialize(string name, object? payload) =>
        JsonSerializer.Serialize(payload is null ? new object?[] { name } : new[] { name, payload }, Json);

    private async Task SendPacketAsync(string socketIOPacket)
    {
        var ws = _ws;
        if (ws is null || !IsConnected) throw new InvalidOperationException("Not connected.");
        await SendRawAsync(ws, "4" + socketIOPacket, _disposed.Token);
    }

    private async Task SendRawAsync(WebSocket ws, string engineIOPacket, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(engineIOPacket);
        await _sendLock.WaitAsync(ct);
        try
        {
            await ws.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    // ------------------------------------------------------------------ connecting

    private async Task OpenAsync(int urlIndex, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposed.Token);
        cts.CancelAfter(_options.ConnectTimeout);
        var url = _options.Urls[urlIndex];
        var ws = await WebSocketOverTcp.ConnectAsync(url, "/socket.io/", Query(), _options.ReceiveBufferSize, cts.Token);
        try
        {
            var buffer = new MessageBuffer();
            var open = await buffer.ReceiveAsync(ws, cts.Token) ?? throw new IOException("The server closed before the Engine.IO open packet.");
            if (!open.StartsWith('0')) throw new IOException("Expected the Engine.IO open packet, got: " + Shorten(open));

            var auth = new Dictionary<string, object?>();
            if (_options.Token is not null) auth["token"] = _options.Token;
            if (Pid is not null && LastOffset is not null)
            {
                auth["pid"] = Pid;
                auth["offset"] = LastOffset;
            }
            await SendRawAsync(ws, $"40{NamespacePrefix}{JsonSerializer.Serialize(auth, Json)}", cts.Token);

            while (true)
            {
                var message = await buffer.ReceiveAsync(ws, cts.Token) ?? throw new IOException("The server closed before answering CONNECT.");
                if (message == "2")
                {
                    await SendRawAsync(ws, "3", cts.Token);
                    continue;
                }
                if (!message.StartsWith('4')) continue;
                var packet = SocketIOPacket.Parse(message.AsSpan(1));
                if (packet.Namespace != _options.Namespace) continue;
                if (packet.Type == SocketIOPacket.ConnectError)
                {
                    var data = packet.Data;
                    throw new ConnectRefusedException(
                        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("message", out var m) ? m.GetString() ?? "" : data.ToString(),
                        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("data", out var d) ? d.Clone() : default);
                }
                if (packet.Type != SocketIOPacket.Connect) continue;

                var reply = packet.Data;
                var previousPid = Pid;
                Id = reply.GetProperty("sid").GetString();
                Pid = reply.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.String ? pid.GetString() : null;
                Recovered = previousPid is not null && Pid == previousPid;
                if (!Recovered) LastOffset = null;
                _urlIndex = urlIndex;
                _ws = ws;
                IsConnected = true;
                Connections++;
                var connection = Connections;
                TaskCompletionSource connected;
                lock (_gate)
                {
                    connected = _connectedSignal;
                    _disconnectedSignal = NewSignal<string>();
                }
                _reader = Task.Run(() => ReadLoopAsync(ws, buffer, connection));
                connected.TrySetResult();
                return;
            }
        }
        catch
        {
            ws.Abort();
            ws.Dispose();
            throw;
        }
    }

    private Dictionary<string, string> Query()
    {
        var query = new Dictionary<string, string>(_options.Query) { ["EIO"] = "4", ["transport"] = "websocket" };
        return query;
    }

    private async Task ReadLoopAsync(WebSocket ws, MessageBuffer buffer, int connection)
    {
        var reason = "transport close";
        try
        {
            while (!_disposed.IsCancellationRequested)
            {
                Task? gate;
                lock (_gate) gate = _readGate?.Task;
                if (gate is not null) await gate.WaitAsync(_disposed.Token);

                var message = await buffer.ReceiveAsync(ws, _disposed.Token);
                if (message is null) break;
                if (message.Length == 0) continue;
                switch (message[0])
                {
                    case '2':
                        await SendRawAsync(ws, "3", _disposed.Token);
                        break;
                    case '1':
                        reason = "transport close";
                        return;
                    case '4':
                        if (OnSocketIOPacket(SocketIOPacket.Parse(message.AsSpan(1)), connection) is { } why)
                        {
                            reason = why;
                            return;
                        }
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException or JsonException)
        {
            reason = ex is JsonException ? "parse error" : "transport error";
        }
        finally
        {
            OnClosed(ws, reason);
        }
    }

    /// <summary>Handles one packet; returns a disconnect reason when the server disconnected the socket.</summary>
    private string? OnSocketIOPacket(SocketIOPacket packet, int connection)
    {
        if (packet.Namespace != _options.Namespace) return null;
        switch (packet.Type)
        {
            case SocketIOPacket.Event:
            {
                var args = packet.Data.EnumerateArray().Select(a => a.Clone()).ToList();
                if (args.Count == 0 || args[0].ValueKind != JsonValueKind.String) return null;
                var name = args[0].GetString()!;
                args.RemoveAt(0);
                // As socket.io-client: with a pid, a trailing string argument is the packet's offset.
                if (Pid is not null && args.Count > 0 && args[^1].ValueKind == JsonValueKind.String)
                {
                    LastOffset = args[^1].GetString();
                    args.RemoveAt(args.Count - 1);
                }
                Record(new ReceivedEvent(name, args.Count > 0 ? args[0] : default, connection, Interlocked.Increment(ref _eventIndex)));
                return null;
            }
            case SocketIOPacket.Ack:
                if (packet.Id is { } id && _acks.TryGetValue(id, out var done))
                    done.TrySetResult(packet.Data.ValueKind == JsonValueKind.Array ? packet.Data.EnumerateArray().Select(a => a.Clone()).ToArray() : []);
                return null;
            case SocketIOPacket.Disconnect:
                return "io server disconnect";
            default:
                return null;
        }
    }

    private void Record(ReceivedEvent received)
    {
        List<TaskCompletionSource<JsonElement>> ready = [];
        if (_options.Record)
        {
            lock (_gate)
            {
                _events.Add(received);
                foreach (var waiter in _waiters.Where(w => w.Name == received.Name && w.Match(received.Payload)).ToList())
                {
                    _waiters.Remove(waiter);
                    ready.Add(waiter.Done);
                }
            }
        }
        try
        {
            _options.OnEvent?.Invoke(received);
        }
        catch (Exception)
        {
            // An observer's bug must not kill the connection; the soak reports what it saw.
        }
        foreach (var done in ready) done.TrySetResult(received.Payload);
    }

    private void OnClosed(WebSocket ws, string reason)
    {
        if (!ReferenceEquals(ws, _ws)) return;
        IsConnected = false;
        try
        {
            ws.Abort();
            ws.Dispose();
        }
        catch (Exception)
        {
        }
        foreach (var (_, ack) in _acks) ack.TrySetException(new IOException("Disconnected before the ack."));
        TaskCompletionSource<string> disconnected;
        lock (_gate)
        {
            _disconnects.Add(reason);
            disconnected = _disconnectedSignal;
            _connectedSignal = NewSignal();
        }
        disconnected.TrySetResult(reason);
        if (_options.Reconnect && reason != "io server disconnect" && !_disposed.IsCancellationRequested)
            _ = Task.Run(ReconnectAsync);
    }

    private async Task ReconnectAsync()
    {
        try
        {
            if (_options.BeforeReconnect is { } hold) await hold().WaitAsync(_disposed.Token);
            var deadline = DateTime.UtcNow + _options.ReconnectFor;
            var next = (_urlIndex + 1) % _options.Urls.Count;
            while (!_disposed.IsCancellationRequested)
            {
                try
                {
                    await OpenAsync(next, _disposed.Token);
                    return;
                }
                catch (ConnectRefusedException ex)
                {
                    GaveUp = "refused: " + ex.Message;
                    return;
                }
                catch (Exception) when (!_disposed.IsCancellationRequested)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        GaveUp = $"no server answered within {_options.ReconnectFor.TotalSeconds:0} s";
                        return;
                    }
                    next = (next + 1) % _options.Urls.Count;
                    await Task.Delay(_options.ReconnectDelay, _disposed.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested) return;
        var ws = _ws;
        if (ws is not null && IsConnected)
        {
            try
            {
                // A polite leave: the namespace DISCONNECT, then the WebSocket close.
                await SendRawAsync(ws, $"41{NamespacePrefix}", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception)
            {
            }
        }
        _disposed.Cancel();
        ResumeReading();
        ws?.Abort();
        if (_reader is not null)
        {
            try
            {
                await _reader.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception)
            {
            }
        }
        ws?.Dispose();
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource<T> NewSignal<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The server refused the namespace (<c>connect_error</c>).</summary>
public sealed class ConnectRefusedException(string message, JsonElement data) : Exception(message)
{
    public JsonElement ErrorData { get; } = data;
}

/// <summary>Reassembles WebSocket text messages.</summary>
internal sealed class MessageBuffer
{
    private byte[] _buffer = new byte[16 * 1024];

    /// <summary>The next text message, or null when the peer closed.</summary>
    public async Task<string?> ReceiveAsync(WebSocket ws, CancellationToken ct)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var result = await ws.ReceiveAsync(_buffer.AsMemory(length), ct);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            length += result.Count;
            if (!result.EndOfMessage) continue;
            if (result.MessageType == WebSocketMessageType.Binary) return "";
            var text = Encoding.UTF8.GetString(_buffer, 0, length);
            if (_buffer.Length > 1024 * 1024) _buffer = new byte[16 * 1024]; // give a burst's buffer back
            return text;
        }
    }
}

/// <summary>A Socket.IO packet (text encoding): type, namespace, ack id, JSON data.</summary>
internal readonly record struct SocketIOPacket(int Type, string Namespace, int? Id, JsonElement Data)
{
    public const int Connect = 0;
    public const int Disconnect = 1;
    public const int Event = 2;
    public const int Ack = 3;
    public const int ConnectError = 4;

    public static SocketIOPacket Parse(ReadOnlySpan<char> text)
    {
        var type = text[0] - '0';
        var i = 1;
        var nsp = "/";
        if (i < text.Length && text[i] == '/')
        {
            var comma = text[i..].IndexOf(',');
            if (comma < 0)
            {
                nsp = text[i..].ToString();
                i = text.Length;
            }
            else
            {
                nsp = text.Slice(i, comma).ToString();
                i += comma + 1;
            }
        }
        int? id = null;
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i > start) id = int.Parse(text[start..i]);
        var data = i < text.Length ? JsonDocument.Parse(text[i..].ToString()).RootElement.Clone() : default;
        return new SocketIOPacket(type, nsp, id, data);
    }
}

/// <summary>A client WebSocket over a TCP socket this code controls (receive buffer size), with the HTTP upgrade done by hand.</summary>
internal static class WebSocketOverTcp
{
    public static async Task<WebSocket> ConnectAsync(Uri server, string path, IReadOnlyDictionary<string, string> query, int? receiveBufferSize, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (receiveBufferSize is { } size) socket.ReceiveBufferSize = size;
        NetworkStream? stream = null;
        try
        {
            await socket.ConnectAsync(server.Host, server.Port, ct);
            stream = new NetworkStream(socket, ownsSocket: true);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var target = path + "?" + string.Join('&', query.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
            var request = $"GET {target} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                          $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), ct);

            // Byte by byte up to the blank line, so nothing of the first frame is consumed here.
            var head = new StringBuilder();
            var one = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, ct) == 0) throw new IOException("The server closed during the WebSocket upgrade.");
                head.Append((char)one[0]);
                if (head.Length > 16 * 1024) throw new IOException("The upgrade response is too long.");
            }
            var status = head.ToString().Split("\r\n")[0];
            if (!status.Contains(" 101 ", StringComparison.Ordinal)) throw new IOException("WebSocket upgrade refused: " + status);
            return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        }
        catch
        {
            if (stream is not null) await stream.DisposeAsync();
            else socket.Dispose();
            throw;
        }
    }
}
