using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A bare Engine.IO-over-WebSocket peer, for what no well-behaved client library sends: malformed packets, silence
/// instead of pongs, never joining a namespace. Frames are queued as they arrive; <see cref="Closed"/> completes when
/// the server closes the connection (or it breaks).
/// </summary>
public sealed class RawWebSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<Frame> _frames = Channel.CreateUnbounded<Frame>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _reader = Task.CompletedTask;

    private RawWebSocket(bool answerPings) => AnswerPings = answerPings;

    /// <summary>One received frame: text (with its Engine.IO type prefix) or binary.</summary>
    public sealed record Frame(bool IsBinary, string Text, byte[] Bytes);

    /// <summary>Whether an Engine.IO ping ("2") is answered with a pong ("3") by the read loop (and not queued).</summary>
    public bool AnswerPings { get; set; }

    /// <summary>Completes when the connection is closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Opens <c>ws://…{path}?EIO=4&amp;transport=websocket</c> on <paramref name="baseUrl"/>.</summary>
    public static async Task<RawWebSocket> ConnectAsync(string baseUrl, string path, bool answerPings = true)
    {
        var raw = new RawWebSocket(answerPings);
        var uri = new Uri(baseUrl.Replace("http://", "ws://") + path + "?EIO=4&transport=websocket");
        await raw._socket.ConnectAsync(uri, Timeouts.Token());
        raw._reader = Task.Run(raw.ReadLoopAsync);
        return raw;
    }

    /// <summary>Opens a connection to the Socket.IO endpoint and joins "/" (consumes the handshake, CONNECT reply and "auth").</summary>
    public static async Task<RawWebSocket> ConnectToMainNamespaceAsync(string baseUrl)
    {
        var raw = await ConnectAsync(baseUrl, "/socket.io/");
        Assert.StartsWith("0{", await raw.ReceiveTextAsync());
        await raw.SendTextAsync("40");
        Assert.StartsWith("40{\"sid\":", await raw.ReceiveTextAsync());
        Assert.Equal("42[\"auth\",{}]", await raw.ReceiveTextAsync());
        return raw;
    }

    /// <summary>Sends a text frame as is (include the Engine.IO type, e.g. "4" for a message).</summary>
    public async Task SendTextAsync(string text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Timeouts.Token());
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a binary frame.</summary>
    public async Task SendBinaryAsync(byte[] bytes)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, Timeouts.Token());
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next frame, waiting at most <see cref="Timeouts.Default"/>.</summary>
    public async Task<Frame> ReceiveAsync()
    {
        try
        {
            return await _frames.Reader.ReadAsync(Timeouts.Token());
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No frame within {Timeouts.Default}.");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("The server closed the connection instead of sending a frame.");
        }
    }

    /// <summary>The next frame, which must be text.</summary>
    public async Task<string> ReceiveTextAsync()
    {
        var frame = await ReceiveAsync();
        Assert.False(frame.IsBinary, "expected a text frame, got binary");
        return frame.Text;
    }

    /// <summary>The next frame, which must be binary.</summary>
    public async Task<byte[]> ReceiveBinaryAsync()
    {
        var frame = await ReceiveAsync();
        Assert.True(frame.IsBinary, $"expected a binary frame, got text {frame.Text}");
        return frame.Bytes;
    }

    /// <summary>Waits until the server closed the connection; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitClosedAsync(TimeSpan? timeout = null, string? because = null)
    {
        var limit = timeout ?? Timeouts.Default;
        try
        {
            await Closed.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The server did not close the connection within {limit.TotalSeconds:0.#} s{(because is null ? "" : " (" + because + ")")}.");
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        // Complete the close handshake, as a well-behaved peer does.
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                var bytes = message.ToArray();
                var isBinary = result.MessageType == WebSocketMessageType.Binary;
                var text = isBinary ? "" : Encoding.UTF8.GetString(bytes);
                if (!isBinary && text == "2" && AnswerPings)
                {
                    await SendTextAsync("3");
                    continue;
                }
                await _frames.Writer.WriteAsync(new Frame(isBinary, text, bytes));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A reset connection is a closed connection for these tests.
        }
        finally
        {
            _frames.Writer.TryComplete();
            _closed.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Already closing.
            }
        }
        _stop.Cancel();
        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
