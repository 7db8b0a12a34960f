namespace Tether.SocketIO.Redis.Internal.Recovery;

/// <summary>
/// The Lua scripts of connection state recovery. Each runs atomically in Redis, in one round trip.
/// </summary>
internal static class RecoveryScripts
{
    /// <summary>
    /// Logs a broadcast and publishes it, atomically: KEYS[1] the log stream; ARGV[1] the approximate length bound,
    /// ARGV[2] the channel (empty for a broadcast to this server's sockets only, which is logged but not published),
    /// ARGV[3]/ARGV[4] the head and tail of the message (<see cref="Wire.BroadcastMessages.LoggedBroadcast"/>).
    /// Returns the entry id, the offset. The entry keeps the two pieces (plus <c>l</c> for a local broadcast); the
    /// published message is <c>head + offset + tail + offset</c> with the offset as a msgpack string. Because the
    /// append and the publish are one step, every server receives the broadcasts in the order of the log.
    /// </summary>
    public const string Append = """
        local id
        if ARGV[2] == '' then
          id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'h', ARGV[3], 't', ARGV[4], 'l', '1')
        else
          id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'h', ARGV[3], 't', ARGV[4])
          local n = string.len(id)
          local s
          if n < 32 then s = string.char(160 + n) .. id else s = string.char(217, n) .. id end
          redis.call('PUBLISH', ARGV[2], ARGV[3] .. s .. ARGV[4] .. s)
        end
        return id
        """;

    /// <summary>
    /// Takes a session, so it is restored once at most: KEYS[1] the session key, KEYS[2] the log stream; ARGV[1] the
    /// client's offset. Returns nil when there is no session, else <c>{session, 1}</c> when the offset is still in
    /// the log (the packets after it can be replayed) or <c>{session, 0}</c> when it is not (trimmed, or never
    /// there): the session is gone either way, as Node's GETDEL does it.
    /// </summary>
    public const string TakeSession = """
        local s = redis.call('GET', KEYS[1])
        if not s then return false end
        redis.call('DEL', KEYS[1])
        if #redis.call('XRANGE', KEYS[2], ARGV[1], ARGV[1]) == 0 then return {s, 0} end
        return {s, 1}
        """;
}
