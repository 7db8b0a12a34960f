namespace Tether.SocketIO.Internal;

/// <summary>
/// Per-socket state for the hosting layer (a handful of entries at most, usually one): a small array under a lock
/// instead of a concurrent dictionary, which would cost half a kilobyte for every connection.
/// </summary>
internal sealed class SocketItems
{
    private KeyValuePair<object, object>[] _entries = [];

    public bool TryGetValue(object key, out object value)
    {
        foreach (var entry in Volatile.Read(ref _entries))
        {
            if (Equals(entry.Key, key))
            {
                value = entry.Value;
                return true;
            }
        }
        value = null!;
        return false;
    }

    public object this[object key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException();
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            lock (this)
            {
                var entries = _entries;
                for (var i = 0; i < entries.Length; i++)
                {
                    if (!Equals(entries[i].Key, key)) continue;
                    var copy = (KeyValuePair<object, object>[])entries.Clone();
                    copy[i] = new(key, value);
                    Volatile.Write(ref _entries, copy);
                    return;
                }
                Volatile.Write(ref _entries, [.. entries, new(key, value)]);
            }
        }
    }

    public bool TryRemove(object key, out object value)
    {
        lock (this)
        {
            var entries = _entries;
            for (var i = 0; i < entries.Length; i++)
            {
                if (!Equals(entries[i].Key, key)) continue;
                value = entries[i].Value;
                Volatile.Write(ref _entries, [.. entries.AsSpan(0, i), .. entries.AsSpan(i + 1)]);
                return true;
            }
        }
        value = null!;
        return false;
    }
}
