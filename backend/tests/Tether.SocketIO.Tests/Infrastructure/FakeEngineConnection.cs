using System.Text;
using Microsoft.AspNetCore.Http;
using Tether.EngineIO;

namespace Tether.SocketIO.Tests.Infrastructure;

/// <summary>
/// An in-memory Engine.IO connection: records every Send call (the frame arrays, by reference, so tests can check
/// that a broadcast shares one encoding) and feeds client messages to the handler as the read loop would.
/// </summary>
internal sealed class FakeEngineConnection : EngineConnection
{
    private static int s_count;
    private readonly object _gate = new();
    private readonly List<EngineMessage[]> _sends = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IEngineConnectionHandler _handler;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _open = true;

    public FakeEngineConnection(IEngineConnectionHandler handler, Action<HttpContext>? configureRequest = null)
    {
        _handler = handler;
        Id = "eio" + Interlocked.Increment(ref s_count);
        var context = new DefaultHttpContext();
        context.Request.Path = "/socket.io/";
        context.Request.QueryString = new QueryString("?EIO=4&transport=websocket");
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        configureRequest?.Invoke(context);
        Request = new EngineHandshakeRequest(context);
    }

    public override string Id { get; }

    public override string TransportName => "websocket";

    public override EngineHandshakeRequest Request { get; }

    public override bool IsOpen
    {
        get
        {
            lock (_gate) return _open;
        }
    }

    public override Task Closed => _closed.Task;

    /// <summary>What <see cref="IsWritable"/> reports while open (volatile broadcasts skip unwritable connections).</summary>
    public bool Writable { get; set; } = true;

    public override bool IsWritable => Writable && IsOpen;

    /// <summary>The reason given to OnClose, once closed.</summary>
    public EngineCloseReason? CloseReason { get; private set; }

    /// <summary>Every Send call, in order; single-message sends appear as one-element arrays.</summary>
    public IReadOnlyList<EngineMessage[]> Sends
    {
        get
        {
            lock (_gate) return _sends.ToArray();
        }
    }

    /// <summary>The text frames sent so far, as strings.</summary>
    public IReadOnlyList<string> Texts
    {
        get
        {
            var texts = new List<string>();
            foreach (var batch in Sends)
                foreach (var message in batch)
                    if (!message.IsBinary) texts.Add(Encoding.UTF8.GetString(message.Data.Span));
            return texts;
        }
    }

    public override bool Send(EngineMessage message) => Record([message]);

    public override bool Send(ReadOnlySpan<EngineMessage> messages) => Record(messages.ToArray());

    private bool Record(EngineMessage[] messages)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (!_open) return false;
            _sends.Add(messages);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
        return true;
    }

    /// <summary>Server-side close: OnClose runs (synchronously, a harsher re-entrancy test than the real transport).</summary>
    public override void Close() => CloseWith(EngineCloseReason.ServerClose);

    /// <summary>Simulates the transport going away for <paramref name="reason"/>.</summary>
    public void CloseWith(EngineCloseReason reason)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (!_open) return;
            _open = false;
            CloseReason = reason;
            changed = _changed;
        }
        _handler.OnClose(this, reason);
        _closed.TrySetResult();
        changed.TrySetResult();
    }

    /// <summary>Delivers a text message from the client, as the read loop does.</summary>
    public void Receive(string text) => _handler.OnMessage(this, false, Encoding.UTF8.GetBytes(text));

    /// <summary>Delivers a binary message from the client.</summary>
    public void ReceiveBinary(byte[] data) => _handler.OnMessage(this, true, data);

    /// <summary>Waits until a text frame matching <paramref name="predicate"/> has been sent; returns it.</summary>
    public async Task<string> WaitForTextAsync(Func<string, bool> predicate, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            foreach (var text in Texts)
                if (predicate(text)) return text;
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("Expected frame not sent. Sent: " + string.Join(" | ", Texts));
            }
        }
    }

    /// <summary>Waits for a frame starting with <paramref name="prefix"/>.</summary>
    public Task<string> WaitForPrefixAsync(string prefix, TimeSpan? timeout = null)
        => WaitForTextAsync(t => t.StartsWith(prefix, StringComparison.Ordinal), timeout);
}
