using Tether.EngineIO.Collections;

namespace Tether.EngineIO.Tests;

public sealed class IntrusiveListTests
{
    private sealed class Item(string name) : IListNode<Item>
    {
        private ListLinks<Item> _links;

        public string Name { get; } = name;

        public ref ListLinks<Item> Links => ref _links;
    }

    private static string[] Names(IntrusiveList<Item> list) => list.ToList().Select(i => i.Name).ToArray();

    [Fact]
    public void Keeps_insertion_order_through_removals_at_head_middle_and_tail()
    {
        var list = new IntrusiveList<Item>();
        var (a, b, c, d) = (new Item("a"), new Item("b"), new Item("c"), new Item("d"));
        foreach (var item in new[] { a, b, c, d }) list.AddLast(item);
        Assert.Equal(["a", "b", "c", "d"], Names(list));
        Assert.Equal(4, list.Count);

        Assert.True(list.Remove(b));
        Assert.Equal(["a", "c", "d"], Names(list));
        Assert.True(list.Remove(a));
        Assert.Same(c, list.Head);
        Assert.True(list.Remove(d));
        Assert.Equal(["c"], Names(list));

        list.AddLast(a); // a removed item can join again, at the end
        Assert.Equal(["c", "a"], Names(list));
        Assert.Equal(2, list.Count);
        Assert.False(list.Contains(b));
        Assert.True(list.Contains(a));
    }

    [Fact]
    public void An_item_belongs_to_one_list_at_a_time()
    {
        var first = new IntrusiveList<Item>();
        var second = new IntrusiveList<Item>();
        var item = new Item("x");
        first.AddLast(item);

        Assert.False(second.Remove(item)); // not its list: nothing happens
        Assert.Equal(1, first.Count);
        Assert.Throws<InvalidOperationException>(() => second.AddLast(item));

        Assert.True(first.Remove(item));
        Assert.False(first.Remove(item)); // already out
        Assert.Equal(0, first.Count);
        Assert.Null(first.Head);
        second.AddLast(item);
        Assert.True(second.Contains(item));
    }
}
