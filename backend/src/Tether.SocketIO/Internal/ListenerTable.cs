using System.Runtime.InteropServices;

namespace Tether.SocketIO.Internal;

/// <summary>
/// A socket's event handlers by event name: immutable (registration copies, dispatch reads without a lock). Up to
/// <see cref="FlatLimit"/> names it is one flat array of entries searched in order, which is as fast as hashing for a
/// few short names; an entry holds its event's only handler inline (the usual case: one handler per event), and an
/// array only when an event has several. An app registering four handlers per connection then pays one small array
/// per socket, not a dictionary or an array per event. Past the limit, a dictionary.
/// </summary>
internal sealed class ListenerTable
{
    private const int FlatLimit = 8;

    public static readonly ListenerTable Empty = new([], null);

    private readonly Entry[] _entries;
    private readonly Dictionary<string, EventListener[]>? _map;

    private ListenerTable(Entry[] entries, Dictionary<string, EventListener[]>? map)
    {
        _entries = entries;
        _map = map;
    }

    /// <summary>One event's handlers: <see cref="Single"/> when there is one, else <see cref="Several"/>.</summary>
    private readonly struct Entry(string name, EventListener? single, EventListener[]? several)
    {
        public readonly string Name = name;
        public readonly EventListener? Single = single;
        public readonly EventListener[]? Several = several;

        public EventListener[] ToArray() => Several ?? [Single!];

        public static Entry For(string name, EventListener[] listeners)
            => listeners.Length == 1 ? new Entry(name, listeners[0], null) : new Entry(name, null, listeners);
    }

    /// <summary>The handlers of <paramref name="eventName"/>, in registration order; empty when there are none.</summary>
    public ReadOnlySpan<EventListener> Find(string eventName)
    {
        if (_map is not null) return _map.TryGetValue(eventName, out var found) ? found : default;
        var index = IndexOf(eventName);
        if (index < 0) return default;
        ref readonly var entry = ref _entries[index];
        // The table is never written after it is published, so a span over the entry's own field stays valid.
        return entry.Several ?? MemoryMarshal.CreateReadOnlySpan(in entry.Single!, 1);
    }

    public ListenerTable With(string eventName, EventListener listener)
    {
        if (_map is null)
        {
            var index = IndexOf(eventName);
            // The usual registration (a new event, a small table): one array, nothing else to throw away.
            if (index < 0 && _entries.Length < FlatLimit) return new ListenerTable([.. _entries, new Entry(eventName, listener, null)], null);
            if (index >= 0)
            {
                var copy = (Entry[])_entries.Clone();
                copy[index] = Entry.For(eventName, [.. _entries[index].ToArray(), listener]);
                return new ListenerTable(copy, null);
            }
        }
        var map = ToDictionary();
        map[eventName] = map.TryGetValue(eventName, out var existing) ? [.. existing, listener] : [listener];
        return From(map);
    }

    private int IndexOf(string eventName)
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            if (string.Equals(_entries[i].Name, eventName, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    public ListenerTable Without(string eventName)
    {
        if (Find(eventName).IsEmpty) return this;
        var map = ToDictionary();
        map.Remove(eventName);
        return From(map);
    }

    private Dictionary<string, EventListener[]> ToDictionary()
    {
        if (_map is not null) return new Dictionary<string, EventListener[]>(_map, StringComparer.Ordinal);
        var map = new Dictionary<string, EventListener[]>(_entries.Length + 1, StringComparer.Ordinal);
        foreach (var entry in _entries) map[entry.Name] = entry.ToArray();
        return map;
    }

    private static ListenerTable From(Dictionary<string, EventListener[]> map)
    {
        if (map.Count > FlatLimit) return new ListenerTable([], map);
        var entries = new Entry[map.Count];
        var i = 0;
        foreach (var pair in map) entries[i++] = Entry.For(pair.Key, pair.Value);
        return new ListenerTable(entries, null);
    }
}
