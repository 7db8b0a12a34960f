using System.Text.Json;
using SocketIOClient;

namespace VideoConf.Tests.Infrastructure;

/// <summary>
/// A real Socket.IO client (the .NET SocketIOClient package) on the <c>/video</c> namespace that records every
/// event it receives, in order, so tests can await one and count them.
/// </summary>
internal sealed class VideoClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly SocketIOClient.SocketIO _socket;
    private readonly List<(string Name, JsonElement Payload)> _events = [];
    private readonly List<(string Name, Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Done)> _waiters = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<string> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private VideoClient(SocketIOClient.SocketIO socket) => _socket = socket;

    public string Id => _socket.Id;

    /// <summary>Completes with the reason when the server disconnects this socket.</summary>
    public Task<string> Disconnected => _disconnected.Task;

    /// <summary>
    /// Connects like the seeds' client: <c>auth: {token}</c>, <c>query: {sessionId, userId}</c>. Throws
    /// <see cref="ConnectRefusedException"/> with the server's <c>connect_error</c> message when refused.
    /// </summary>
    public static async Task<VideoClient> ConnectAsync(TestApp app, string? token, string sessionId, string? claimedUserId = null, bool tokenInQuery = false,
        object? auth = null)
    {
        var query = new List<KeyValuePair<string, string>> { new("sessionId", sessionId) };
        if (claimedUserId is not null) query.Add(new("userId", claimedUserId));
        if (tokenInQuery && token is not null) query.Add(new("token", token));

        var socket = new SocketIOClient.SocketIO(new Uri(app.BaseAddress, "/video"), new SocketIOOptions
        {
            // An explicit auth object replaces the default {token} (to send extra, possibly forged, fields).
            Auth = auth ?? (tokenInQuery || token is null ? null : new { token }),
            Query = query,
            Reconnection = false,
            EIO = 4,
            ConnectionTimeout = Timeout,
        });
        var client = new VideoClient(socket);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnConnected += (_, _) => connected.TrySetResult();
        socket.OnError += (_, message) => refused.TrySetResult(message);
        socket.OnDisconnected += (_, reason) => client._disconnected.TrySetResult(reason);
        socket.OnAny((name, response) => client.Record(name, response.Count > 0 ? response.GetValue<JsonElement>(0) : default));

        // Decided by the first of connect / connect_error; ConnectAsync itself may return before either arrives,
        // and only a transport failure (fault) is taken from it.
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = socket.ConnectAsync().ContinueWith(
            t => { if (t.Exception is { } ex) failed.TrySetException(ex.InnerExceptions); }, TaskScheduler.Default);
        var first = await Task.WhenAny(connected.Task, refused.Task, failed.Task).WaitAsync(Timeout);
        if (first != connected.Task) socket.Dispose();
        if (first == failed.Task) await failed.Task;
        if (first == refused.Task) throw new ConnectRefusedException(refused.Task.Result);
        return client;
    }

    /// <summary>The first event <paramref name="name"/> (matching <paramref name="match"/>) received so far or from now on.</summary>
    public Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool>? match = null)
    {
        match ??= _ => true;
        lock (_gate)
        {
            foreach (var (n, payload) in _events)
                if (n == name && match(payload)) return Task.FromResult(payload);
            var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((name, match, done));
            return done.Task.WaitAsync(Timeout);
        }
    }

    /// <summary>All payloads of <paramref name="name"/> received so far.</summary>
    public IReadOnlyList<JsonElement> Received(string name)
    {
        lock (_gate) return _events.Where(e => e.Name == name).Select(e => e.Payload).ToList();
    }

    public Task EmitAsync(string name, object payload) => _socket.EmitAsync(name, payload);

    /// <summary>Emits an event with several arguments (or none), without an ack.</summary>
    public Task EmitArgsAsync(string name, params object[] args) => _socket.EmitAsync(name, args);

    /// <summary>Emits with an ack callback and returns the ack's first argument.</summary>
    public async Task<JsonElement> EmitWithAckAsync(string name, object payload)
    {
        var ack = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _socket.EmitAsync(name, response => ack.TrySetResult(response.GetValue<JsonElement>(0)), payload);
        return await ack.Task.WaitAsync(Timeout);
    }

    private void Record(string name, JsonElement payload)
    {
        var copy = payload.ValueKind == JsonValueKind.Undefined ? payload : payload.Clone();
        List<TaskCompletionSource<JsonElement>> ready = [];
        lock (_gate)
        {
            _events.Add((name, copy));
            foreach (var waiter in _waiters.Where(w => w.Name == name && w.Match(copy)).ToList())
            {
                _waiters.Remove(waiter);
                ready.Add(waiter.Done);
            }
        }
        foreach (var done in ready) done.TrySetResult(copy);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.Connected) await _socket.DisconnectAsync();
        }
        catch (Exception)
        {
            // Already gone; disposing is all that is left.
        }
        _socket.Dispose();
    }
}

internal sealed class ConnectRefusedException(string message) : Exception(message);
