using System.Collections;
using System.Collections.Concurrent;

namespace Tether.SocketIO.Adapters;

/// <summary>
/// A concurrent set of strings (the members of a room, or the rooms of a socket) that is also a live
/// <see cref="IReadOnlySet{T}"/> view. Reads and enumeration take no lock.
/// </summary>
internal sealed class RoomSet : IReadOnlySet<string>
{
    // Most sets are tiny (a socket's rooms; its own room; small rooms): up to FlatLimit members they are an immutable
    // array replaced on each change (writes under lock(this)), read without a lock; past that, a concurrent
    // dictionary. A few dozen bytes per socket instead of two dictionaries of half a kilobyte each.
    private const int FlatLimit = 8;

    private string[] _flat = [];
    private ConcurrentDictionary<string, byte>? _large;

    /// <summary>
    /// Set (under <c>lock(this)</c>) when an empty room set is being removed from the room table: an adder that
    /// finds it dead retries with a fresh set, so no membership is lost to the race between "last member left" and
    /// "new member joined".
    /// </summary>
    public bool Dead;

    public int Count => Volatile.Read(ref _large)?.Count ?? Volatile.Read(ref _flat).Length;

    public bool IsEmpty => Volatile.Read(ref _large) is { } large ? large.IsEmpty : Volatile.Read(ref _flat).Length == 0;

    public bool Add(string item)
    {
        lock (this)
        {
            if (_large is { } large) return large.TryAdd(item, 0);
            var flat = _flat;
            if (Array.IndexOf(flat, item) >= 0) return false;
            if (flat.Length < FlatLimit)
            {
                Volatile.Write(ref _flat, [.. flat, item]);
                return true;
            }
            large = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
            foreach (var member in flat) large.TryAdd(member, 0);
            large.TryAdd(item, 0);
            // The array stays as it was: a reader that saw no dictionary yet still finds a consistent snapshot.
            Volatile.Write(ref _large, large);
            return true;
        }
    }

    public bool Remove(string item)
    {
        lock (this)
        {
            if (_large is { } large) return large.TryRemove(item, out _);
            var flat = _flat;
            var index = Array.IndexOf(flat, item);
            if (index < 0) return false;
            Volatile.Write(ref _flat, [.. flat.AsSpan(0, index), .. flat.AsSpan(index + 1)]);
            return true;
        }
    }

    public bool Contains(string item)
        => Volatile.Read(ref _large) is { } large ? large.ContainsKey(item) : Array.IndexOf(Volatile.Read(ref _flat), item) >= 0;

    /// <summary>Enumerates the members (one enumerator allocation, no lock; a snapshot while the set is small).</summary>
    public IEnumerator<KeyValuePair<string, byte>> GetPairs()
    {
        // Read the dictionary first: once it exists it is the truth, and the array is left as it was then.
        if (Volatile.Read(ref _large) is { } large) return large.GetEnumerator();
        return new FlatPairs(Volatile.Read(ref _flat));
    }

    public IEnumerator<string> GetEnumerator()
    {
        if (Volatile.Read(ref _large) is { } large)
        {
            foreach (var pair in large) yield return pair.Key;
            yield break;
        }
        foreach (var item in Volatile.Read(ref _flat)) yield return item;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class FlatPairs(string[] items) : IEnumerator<KeyValuePair<string, byte>>
    {
        private int _index = -1;

        public KeyValuePair<string, byte> Current => new(items[_index], 0);

        object IEnumerator.Current => Current;

        public bool MoveNext() => ++_index < items.Length;

        public void Reset() => _index = -1;

        public void Dispose()
        {
        }
    }

    public bool IsProperSubsetOf(IEnumerable<string> other)
    {
        var set = AsSet(other);
        return Count < set.Count && IsSubsetOf(set);
    }

    public bool IsProperSupersetOf(IEnumerable<string> other)
    {
        var set = AsSet(other);
        return Count > set.Count && IsSupersetOf(set);
    }

    public bool IsSubsetOf(IEnumerable<string> other)
    {
        var set = AsSet(other);
        foreach (var item in this)
            if (!set.Contains(item)) return false;
        return true;
    }

    public bool IsSupersetOf(IEnumerable<string> other)
    {
        foreach (var item in other)
            if (!Contains(item)) return false;
        return true;
    }

    public bool Overlaps(IEnumerable<string> other)
    {
        foreach (var item in other)
            if (Contains(item)) return true;
        return false;
    }

    public bool SetEquals(IEnumerable<string> other)
    {
        var set = AsSet(other);
        return set.Count == Count && IsSubsetOf(set);
    }

    private static IReadOnlySet<string> AsSet(IEnumerable<string> other)
        => other as IReadOnlySet<string> ?? new HashSet<string>(other, StringComparer.Ordinal);
}
