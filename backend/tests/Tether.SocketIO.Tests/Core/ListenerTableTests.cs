using Tether.SocketIO.Internal;

namespace Tether.SocketIO.Tests.Core;

/// <summary>The per-socket handler table: one handler inline, several in order, many in a dictionary, removal.</summary>
public sealed class ListenerTableTests
{
    private static EventListener Listener() => new RawEventListener((_, _) => Task.CompletedTask);

    [Fact]
    public void Finds_each_events_handlers_in_registration_order_in_the_flat_and_the_dictionary_form()
    {
        var table = ListenerTable.Empty;
        var (a1, a2, b) = (Listener(), Listener(), Listener());
        table = table.With("a", a1).With("b", b).With("a", a2);
        Assert.Equal([a1, a2], table.Find("a").ToArray());
        Assert.Equal([b], table.Find("b").ToArray());
        Assert.True(table.Find("none").IsEmpty);

        // Past eight names the table becomes a dictionary; nothing registered is lost on the way.
        var extra = Enumerable.Range(0, 10).Select(i => (Name: $"e{i}", Listener: Listener())).ToList();
        foreach (var (name, listener) in extra) table = table.With(name, listener);
        var a3 = Listener();
        table = table.With("a", a3);
        Assert.Equal([a1, a2, a3], table.Find("a").ToArray());
        Assert.Equal([b], table.Find("b").ToArray());
        foreach (var (name, listener) in extra) Assert.Equal([listener], table.Find(name).ToArray());
    }

    [Fact]
    public void Without_removes_every_handler_of_one_event_and_leaves_the_original_table_unchanged()
    {
        var (a, b) = (Listener(), Listener());
        var before = ListenerTable.Empty.With("a", a).With("b", b);

        var after = before.Without("a");

        Assert.True(after.Find("a").IsEmpty);
        Assert.Equal([b], after.Find("b").ToArray());
        Assert.Equal([a], before.Find("a").ToArray()); // immutable: dispatch holding the old table is unaffected
        Assert.Same(after, after.Without("missing"));
    }
}
