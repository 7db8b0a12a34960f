namespace Tether.SocketIO.Internal;

/// <summary>
/// A socket's event handlers by event name: immutable (registration copies, dispatch reads without a lock). Up to
/// <see cref="FlatLimit"/> names it is two flat arrays searched in order, which is as fast as hashing for a few short
/// names and costs a fraction of a dictionary per connection; past that, a dictionary.
/// </summary>
internal sealed class ListenerTable
{
    private const int FlatLimit = 8;

    public static readonly ListenerTable Empty = new([], [], null);

    private readonly string[] _names;
    private readonly EventListener[][] _listeners;
    private readonly Dictionary<string, EventListener[]>? _map;

    private ListenerTable(string[] names, EventListener[][] listeners, Dictionary<string, EventListener[]>? map)
    {
        _names = names;
        _listeners = listeners;
        _map = map;
    }

    public EventListener[]? Find(string eventName)
    {
        if (_map is not null) return _map.TryGetValue(eventName, out var found) ? found : null;
        var names = _names;
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], eventName, StringComparison.Ordinal)) return _listeners[i];
        }
        return null;
    }

    public ListenerTable With(string eventName, EventListener listener)
    {
        var existing = Find(eventName);
        EventListener[] updated = existing is null ? [listener] : [.. existing, listener];
        return Set(eventName, updated);
    }

    public ListenerTable Without(string eventName)
    {
        if (Find(eventName) is null) return this;
        var map = ToDictionary();
        map.Remove(eventName);
        return From(map);
    }

    private ListenerTable Set(string eventName, EventListener[] listeners)
    {
        if (_map is null)
        {
            var index = Array.IndexOf(_names, eventName);
            if (index >= 0)
            {
                var copy = (EventListener[][])_listeners.Clone();
                copy[index] = listeners;
                return new ListenerTable(_names, copy, null);
            }
            if (_names.Length < FlatLimit) return new ListenerTable([.. _names, eventName], [.. _listeners, listeners], null);
        }
        var map = ToDictionary();
        map[eventName] = listeners;
        return From(map);
    }

    private Dictionary<string, EventListener[]> ToDictionary()
    {
        if (_map is not null) return new Dictionary<string, EventListener[]>(_map, StringComparer.Ordinal);
        var map = new Dictionary<string, EventListener[]>(_names.Length + 1, StringComparer.Ordinal);
        for (var i = 0; i < _names.Length; i++) map[_names[i]] = _listeners[i];
        return map;
    }

    private static ListenerTable From(Dictionary<string, EventListener[]> map)
    {
        if (map.Count > FlatLimit) return new ListenerTable([], [], map);
        var names = new string[map.Count];
        var listeners = new EventListener[map.Count][];
        var i = 0;
        foreach (var pair in map)
        {
            names[i] = pair.Key;
            listeners[i++] = pair.Value;
        }
        return new ListenerTable(names, listeners, null);
    }
}
