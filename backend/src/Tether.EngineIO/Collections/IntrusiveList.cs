namespace Tether.EngineIO.Collections;

/// <summary>The links an item of an <see cref="IntrusiveList{T}"/> carries: it is in at most one list at a time.</summary>
internal struct ListLinks<T>
    where T : class
{
    public T? Prev;
    public T? Next;
    public object? Owner; // the list the item is in; null when in none
}

/// <summary>An item that carries its own links, so that being in a list costs it no allocation.</summary>
internal interface IListNode<T>
    where T : class
{
    ref ListLinks<T> Links { get; }
}

/// <summary>
/// A doubly linked list whose items are their own nodes: adding and removing are O(1) and allocate nothing, which is
/// what per-connection bookkeeping (a server's open connections, sessions waiting for a heartbeat deadline) needs when
/// the alternative is a dictionary node or a timer per connection. Not thread-safe: callers lock.
/// </summary>
internal sealed class IntrusiveList<T>
    where T : class, IListNode<T>
{
    private T? _tail;
    private int _count;

    public T? Head { get; private set; }

    /// <summary>The number of items (may be read without the callers' lock; it is then a recent value).</summary>
    public int Count => Volatile.Read(ref _count);

    public bool Contains(T item) => ReferenceEquals(item.Links.Owner, this);

    public void AddLast(T item)
    {
        ref var links = ref item.Links;
        if (links.Owner is not null) throw new InvalidOperationException("The item is already in a list.");
        links.Owner = this;
        links.Prev = _tail;
        links.Next = null;
        if (_tail is null) Head = item;
        else _tail.Links.Next = item;
        _tail = item;
        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>Removes <paramref name="item"/>; false when it is not in this list.</summary>
    public bool Remove(T item)
    {
        ref var links = ref item.Links;
        if (!ReferenceEquals(links.Owner, this)) return false;
        if (links.Prev is { } prev) prev.Links.Next = links.Next;
        else Head = links.Next;
        if (links.Next is { } next) next.Links.Prev = links.Prev;
        else _tail = links.Prev;
        links = default;
        Volatile.Write(ref _count, _count - 1);
        return true;
    }

    /// <summary>The items in order (a snapshot).</summary>
    public List<T> ToList()
    {
        var items = new List<T>(_count);
        for (var item = Head; item is not null; item = item.Links.Next) items.Add(item);
        return items;
    }
}
