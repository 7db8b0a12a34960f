using System.Collections.Concurrent;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Internal;

namespace Tether.SocketIO;

/// <summary>
/// A dynamic namespace: the namespaces clients ask for that match it are created on demand as children. Children
/// share this namespace's middleware and connection handlers (including ones added later); broadcasts, fetches
/// and disconnects on the parent apply to every child. The parent itself holds no sockets.
/// </summary>
public sealed class ParentNamespace : Namespace
{
    private static int s_count;

    // Initialised before the base constructor runs, so the parent adapter can already see it.
    private readonly ConcurrentDictionary<string, Namespace> _children = new(StringComparer.Ordinal);
    private readonly Func<string, SocketHandshake, bool> _matcher;

    internal ParentNamespace(SocketIOServer server, Func<string, SocketHandshake, bool> matcher)
        : base(server, "/_" + Interlocked.Increment(ref s_count), new NamespaceHandlers(), static nsp => new ParentBroadcastAdapter((ParentNamespace)nsp))
    {
        _matcher = matcher;
    }

    /// <summary>The child namespaces created so far.</summary>
    public IReadOnlyCollection<Namespace> Children => _children.Values.ToArray();

    internal IEnumerable<Namespace> ChildNamespaces => _children.Values;

    internal bool Matches(string name, SocketHandshake handshake) => _matcher(name, handshake);

    /// <summary>Creates the child <paramref name="name"/>; the server serialises calls and registers the result.</summary>
    internal Namespace CreateChild(string name)
    {
        var child = new Namespace(ServerImpl, name, Handlers, ServerImpl.CreateAdapter);
        _children[name] = child;
        return child;
    }
}
