using Tether.SocketIO.Adapters;

namespace Tether.SocketIO.Redis.Internal.Recovery;

/// <summary>Which logged broadcasts a restored session missed.</summary>
internal static class RecoveryFilter
{
    /// <summary>
    /// Node's <c>shouldIncludePacket</c> (to everyone or to one of the session's rooms, and to none of its excepted
    /// rooms), plus: a broadcast to one server's sockets only (<c>local</c>) concerns the sessions of that server only.
    /// </summary>
    public static bool ShouldReplay(StoredSession session, BroadcastOptions opts, string originUid, bool local)
    {
        if (local && originUid != session.Uid) return false;
        var included = opts.Rooms.Count == 0;
        foreach (var room in session.Rooms)
        {
            if (opts.Except.Contains(room)) return false;
            if (!included && opts.Rooms.Contains(room)) included = true;
        }
        return included;
    }
}
