namespace Tether.EngineIO.Internal;

/// <summary>
/// Send-queue lists shared by all sessions: a session takes one when something is queued and gives it back once it
/// is written, so tens of thousands of idle connections hold no queue array, and a busy one reuses a list instead of
/// allocating one per flush. One list cached per thread, then a small bounded shared stack.
/// </summary>
internal static class QueuePool
{
    // A burst can grow a list's array; past this we let it go rather than keep it in the pool.
    private const int MaxPooledCapacity = 256;
    private const int MaxShared = 256;

    [ThreadStatic]
    private static List<OutboundPacket>? t_cached;

    private static readonly Stack<List<OutboundPacket>> s_shared = new();
    private static readonly Lock s_gate = new();

    public static List<OutboundPacket> Rent()
    {
        var list = t_cached;
        if (list is not null)
        {
            t_cached = null;
            return list;
        }
        lock (s_gate)
        {
            if (s_shared.TryPop(out list)) return list;
        }
        return new List<OutboundPacket>();
    }

    public static void Return(List<OutboundPacket> list)
    {
        list.Clear(); // drops the message references so shared broadcasts can be collected
        if (list.Capacity > MaxPooledCapacity) return;
        if (t_cached is null)
        {
            t_cached = list;
            return;
        }
        lock (s_gate)
        {
            if (s_shared.Count < MaxShared) s_shared.Push(list);
        }
    }
}
