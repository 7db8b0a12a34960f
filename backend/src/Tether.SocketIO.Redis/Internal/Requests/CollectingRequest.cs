using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis.Internal.Requests;

/// <summary>
/// Gathers the items of one response per other server (sockets, rooms, acknowledgements) and completes when all
/// expected servers answered. As in Node, a response without the expected content still counts as an answer.
/// </summary>
internal sealed class CollectingRequest<T>(int expectedResponses, Func<WireMessage, IEnumerable<T>?> read) : PendingRequest
{
    private readonly object _gate = new();
    private readonly List<T> _items = [];
    private readonly TaskCompletionSource<List<T>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _received;

    public int ExpectedResponses { get; } = expectedResponses;

    public Task<List<T>> Completion => _done.Task;

    public int ReceivedResponses
    {
        get { lock (_gate) return _received; }
    }

    public override void OnResponse(in WireMessage response)
    {
        var items = read(response);
        lock (_gate)
        {
            if (_done.Task.IsCompleted) return;
            if (items is not null) _items.AddRange(items);
            if (++_received >= ExpectedResponses) _done.TrySetResult([.. _items]);
        }
    }

    /// <summary>The items gathered so far (for a timeout's partial result).</summary>
    public List<T> Snapshot()
    {
        lock (_gate) return [.. _items];
    }
}
