using System.Text.Json.Nodes;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>
/// Everything a client (or the Node member) reported, in arrival order, as JSON objects with a <c>type</c>. Waits
/// look at the whole history, so a report that arrived before the wait started is still found; "exactly once" is
/// checked by awaiting a later marker and then counting.
/// </summary>
public sealed class EventLog
{
    private readonly List<JsonObject> _items = [];
    private readonly object _gate = new();
    private TaskCompletionSource _changed = NewSignal();

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

    public int Count(Func<JsonObject, bool> predicate)
    {
        lock (_gate) return _items.Count(predicate);
    }

    public IReadOnlyList<JsonObject> Where(Func<JsonObject, bool> predicate)
    {
        lock (_gate) return _items.Where(predicate).ToArray();
    }

    /// <summary>The first report matching <paramref name="predicate"/>, waiting up to <see cref="Timeouts.Default"/>.</summary>
    public async Task<JsonObject> WaitAsync(Func<JsonObject, bool> predicate, string description, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeouts.Default;
        using var cts = new CancellationTokenSource(limit);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var found = _items.FirstOrDefault(predicate);
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

    public string Dump()
    {
        lock (_gate)
        {
            if (_items.Count == 0) return "  (nothing)";
            return string.Join('\n', _items.Select(i => "  " + Shorten(i.ToJsonString())));
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + $"... ({text.Length} chars)";

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Reading reports.</summary>
public static class ReportExtensions
{
    public static string? Type(this JsonObject report) => report["type"]?.GetValue<string>();

    public static string? Str(this JsonObject report, string name) => report[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool IsEvent(this JsonObject report, string eventName) => report.Type() == "event" && report.Str("event") == eventName;
}
