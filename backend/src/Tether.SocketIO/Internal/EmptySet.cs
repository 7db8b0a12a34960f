using System.Collections.Frozen;

namespace Tether.SocketIO;

/// <summary>The shared empty room set (broadcast operators start from it).</summary>
internal static class EmptySet
{
    public static readonly IReadOnlySet<string> Instance = FrozenSet<string>.Empty;
}
