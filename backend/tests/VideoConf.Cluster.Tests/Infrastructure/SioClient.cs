using System.Text.Json;
using Soak.Client;
using SocketIOClient;

namespace VideoConf.Cluster.Tests.Infrastructure;

/// <summary>
/// A real Socket.IO client (the .NET SocketIOClient package, as in the app tests) on the <c>/video</c> namespace of
/// one process, recording every event it receives so tests can await one and count them.
/// </summary>
public sealed class SioClient : IAsyncDisposable
{
    private readonly SocketIOClient.SocketIO _socket;
    private readonly List<(string Name, JsonElement Payload)> _events = [];
    private readonly List<(string Name, Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Done)> _waiters = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<string> _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SioClient(SocketIOClient.SocketIO socket, string userId)
    {
        _socket = socket;
        UserId = userId;
    }

    public string Id => _socket.Id;

    public string UserId { get; }

    /// <summary>Completes with the reason when this socket is disconnected.</summary>
    public Task<string> Disconnected => _disconnected.Task;

    /// <summary>Connects like the seeds' client (<c>auth: {token}</c>, <c>query: {sessionId, userId}</c>) to <paramref name="user"/>'s server.</summary>
    public static async Task<SioClient> ConnectAsync(ApiUser user, string sessionId)
    {
        var socket = new SocketIOClient.SocketIO(new Uri(user.Server, "/video"), new SocketIOOptions
        {
            Auth = new { token = user.Token },
            Query = [new("sessionId", sessionId), new("userId", user.Id)],
            Reconnection = false,
            EIO = 4,
            ConnectionTimeout = Timeouts.Event,
        });
        var client = new SioClient(socket, user.Id);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnConnected += (_, _) => connected.TrySetResult();
        socket.OnError += (_, message) => refused.TrySetResult(message);
        socket.OnDisconnected += (_, reason) => client._disconnected.TrySetResult(reason);
        socket.OnAny((name, response) => client.Record(name, response.Count > 0 ? response.GetValue<JsonElement>(0) : default));

        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = socket.ConnectAsync().ContinueWith(
            t => { if (t.Exception is { } ex) failed.TrySetException(ex.InnerExceptions); }, TaskScheduler.Default);
        var first = await Task.WhenAny(connected.Task, refused.Task, failed.Task).WaitAsync(Timeouts.Event);
        if (first != connected.Task) socket.Dispose();
        if (first == failed.Task) await failed.Task;
        if (first == refused.Task) throw new InvalidOperationException("connect_error: " + refused.Task.Result);
        // The socket is in the session's rooms once the server sent the participant list.
        await client.WaitForAsync("participants");
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
            return Bounded(done.Task, name);
        }
    }

    private async Task<JsonElement> Bounded(Task<JsonElement> task, string name)
    {
        try
        {
            return await task.WaitAsync(Timeouts.Event);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for '{name}' on socket {Id} of user {UserId}. Received: {string.Join(", ", Names())}");
        }
    }

    public IReadOnlyList<JsonElement> Received(string name)
    {
        lock (_gate) return _events.Where(e => e.Name == name).Select(e => e.Payload).ToList();
    }

    public IReadOnlyList<string> Names()
    {
        lock (_gate) return _events.Select(e => e.Name).ToList();
    }

    public Task EmitAsync(string name, object payload) => _socket.EmitAsync(name, payload);

    public async Task<JsonElement> EmitWithAckAsync(string name, object payload)
    {
        var ack = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _socket.EmitAsync(name, response => ack.TrySetResult(response.GetValue<JsonElement>(0)), payload);
        return await ack.Task.WaitAsync(Timeouts.Event);
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
            if (_socket.Connected) await _socket.DisconnectAsync().WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (Exception)
        {
            // Already gone.
        }
        _socket.Dispose();
    }
}
