using System.Text.Json.Nodes;

namespace Tether.Testing;

/// <summary>
/// Everything one client, Node driver or server observer reported, in arrival order, as JSON objects with a <c>type</c>.
/// Waits look at the whole history, so an event that arrived before the wait started is still found; "exactly once"
/// is checked by awaiting a later marker and then counting.
/// </summary>
public sealed class EventLog
{
    private readonly List<JsonObject> _items = [];
    private readonly object _gate = new();
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The longest any single expected report may take to arrive unless a wait says otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Appends a report and wakes the waiters.</summary>
    public void Add(JsonObject item)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _items.Add(item);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    /// <summary>A copy of the history.</summary>
    public IReadOnlyList<JsonObject> Snapshot()
    {
        lock (_gate) return [.. _items];
    }

    /// <summary>The reports that match, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Where(Func<JsonObject, bool> predicate)
    {
        lock (_gate) return _items.Where(predicate).ToArray();
    }

    /// <summary>How many reports match.</summary>
    public int Count(Func<JsonObject, bool> predicate)
    {
        lock (_gate) return _items.Count(predicate);
    }

    /// <summary>
    /// The <paramref name="occurrence"/>-th (0-based) report matching <paramref name="predicate"/>, waiting for it
    /// up to <paramref name="timeout"/> (default <see cref="DefaultTimeout"/>).
    /// </summary>
    public async Task<JsonObject> WaitAsync(Func<JsonObject, bool> predicate, string description, int occurrence = 0, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        using var cts = new CancellationTokenSource(limit);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var found = _items.Where(predicate).Skip(occurrence).FirstOrDefault();
                if (found is not null) return found;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {description}. History:\n{Dump()}");
            }
        }
    }

    /// <summary>The history as text, for failure messages.</summary>
    public string Dump()
    {
        lock (_gate)
        {
            var lines = _items.Select(i => "  " + Shorten(i.ToJsonString()));
            return _items.Count == 0 ? "  (nothing)" : string.Join('\n', lines);
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + $"... ({text.Length} chars)";

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
