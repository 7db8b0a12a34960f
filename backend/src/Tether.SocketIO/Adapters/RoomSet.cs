using System.Collections;
using System.Collections.Concurrent;

namespace Tether.SocketIO.Adapters;

/// <summary>
/// A concurrent set of strings (the members of a room, or the rooms of a socket) that is also a live
/// <see cref="IReadOnlySet{T}"/> view. Reads and enumeration take no lock.
/// </summary>
internal sealed class RoomSet : IReadOnlySet<string>
{
    private readonly ConcurrentDictionary<string, byte> _items = new(StringComparer.Ordinal);

    /// <summary>
    /// Set (under <c>lock(this)</c>) when an empty room set is being removed from the room table: an adder that
    /// finds it dead retries with a fresh set, so no membership is lost to the race between "last member left" and
    /// "new member joined".
    /// </summary>
    public bool Dead;

    public int Count => _items.Count;

    public bool IsEmpty => _items.IsEmpty;

    public bool Add(string item) => _items.TryAdd(item, 0);

    public bool Remove(string item) => _items.TryRemove(item, out _);

    public bool Contains(string item) => _items.ContainsKey(item);

    /// <summary>Enumerates the underlying dictionary (one enumerator allocation, no lock, no snapshot).</summary>
    public IEnumerator<KeyValuePair<string, byte>> GetPairs() => _items.GetEnumerator();

    public IEnumerator<string> GetEnumerator()
    {
        foreach (var pair in _items) yield return pair.Key;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

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
