using System.Collections.Concurrent;
using System.Text;

namespace Tether.EngineIO.Tests.Infrastructure;

/// <summary>
/// Sends every message back as it came (text as text, binary as binary). A few text commands drive server-side
/// behaviour: <c>server-close</c> sends <c>bye</c> then closes.
/// </summary>
public sealed class EchoHandler : IEngineConnectionHandler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<EngineCloseReason>> _closes = new();
    private readonly ConcurrentDictionary<string, int> _closeCounts = new();

    public ConcurrentDictionary<string, EngineConnection> Connections { get; } = new();

    public void OnOpen(EngineConnection connection) => Connections[connection.Id] = connection;

    public void OnMessage(EngineConnection connection, bool isBinary, ReadOnlySpan<byte> data)
    {
        if (!isBinary && data.SequenceEqual("server-close"u8))
        {
            connection.Send(EngineMessage.Text("bye"));
            connection.Close();
            return;
        }
        var copy = data.ToArray();
        connection.Send(isBinary ? EngineMessage.Binary(copy) : EngineMessage.Text(copy));
    }

    public void OnClose(EngineConnection connection, EngineCloseReason reason)
    {
        _closeCounts.AddOrUpdate(connection.Id, 1, (_, n) => n + 1);
        Closed(connection.Id).TrySetResult(reason);
    }

    private TaskCompletionSource<EngineCloseReason> Closed(string sid)
        => _closes.GetOrAdd(sid, _ => new TaskCompletionSource<EngineCloseReason>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Completes with the close reason (fails the test after 10 s).</summary>
    public Task<EngineCloseReason> WaitClosedAsync(string sid, TimeSpan? timeout = null)
        => Closed(sid).Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public bool IsClosed(string sid) => Closed(sid).Task.IsCompleted;

    public int CloseCount(string sid) => _closeCounts.TryGetValue(sid, out var n) ? n : 0;

    public static string Utf8(ReadOnlySpan<byte> data) => Encoding.UTF8.GetString(data);
}
