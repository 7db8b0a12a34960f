// A bare Kestrel WebSocket echo: each message goes back unchanged, no Engine.IO or Socket.IO work at all. It is the
// ceiling a Socket.IO server on Kestrel cannot pass for CPU and latency. It keeps one pooled buffer per connection
// for its whole life (simplest possible loop), so it is not a reference for memory per connection.
using System.Buffers;
using System.Net.WebSockets;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
app.UseWebSockets();

var clients = 0;
app.MapGet("/bench/health", () => Results.Json(new { ok = true, clients = Volatile.Read(ref clients), pid = Environment.ProcessId }));

app.Map("/ws", async (HttpContext context) =>
{
    if (!context.WebSockets.IsWebSocketRequest) { context.Response.StatusCode = 400; return; }
    using var ws = await context.WebSockets.AcceptWebSocketAsync();
    Interlocked.Increment(ref clients);
    try
    {
        await EchoAsync(ws, context.RequestAborted);
    }
    catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
    {
        // The client went away: nothing to do for an echo.
    }
    finally
    {
        Interlocked.Decrement(ref clients);
    }
});

app.Run();

static async Task EchoAsync(WebSocket ws, CancellationToken ct)
{
    var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    try
    {
        while (true)
        {
            var filled = 0;
            ValueWebSocketReceiveResult r;
            do
            {
                if (filled == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                r = await ws.ReceiveAsync(buffer.AsMemory(filled), ct);
                filled += r.Count;
            } while (!r.EndOfMessage && r.MessageType != WebSocketMessageType.Close);

            if (r.MessageType == WebSocketMessageType.Close)
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                return;
            }
            await ws.SendAsync(buffer.AsMemory(0, filled), r.MessageType, true, ct);
        }
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
