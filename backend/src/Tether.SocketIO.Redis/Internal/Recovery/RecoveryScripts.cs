namespace Tether.SocketIO.Redis.Internal.Recovery;

/// <summary>
/// The Lua scripts of connection state recovery. Each runs atomically in Redis, in one round trip.
/// </summary>
internal static class RecoveryScripts
{
    /// <summary>
    /// Logs a broadcast and publishes it, atomically: KEYS[1] the log stream; ARGV[1] the approximate length bound,
    /// ARGV[2] the channel, ARGV[3]/ARGV[4] the head and tail of the message
    /// (<see cref="Wire.BroadcastMessages.LoggedBroadcast"/>), ARGV[5] <c>1</c> for a broadcast to the sending
    /// server's sockets only (published on its own channel). Returns the entry id, the offset. The entry keeps the two
    /// pieces (plus <c>l</c> for a local broadcast); the published message is <c>head + offset + tail + offset</c> with
    /// the offset as a msgpack string. Because the append and the publish are one step, every server (the sender
    /// included) receives the broadcasts in the order of the log.
    /// </summary>
    public const string Append = """
        local id
        if ARGV[5] == '1' then
          id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'h', ARGV[3], 't', ARGV[4], 'l', '1')
        else
          id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'h', ARGV[3], 't', ARGV[4])
        end
        local n = string.len(id)
        local s
        if n < 32 then s = string.char(160 + n) .. id else s = string.char(217, n) .. id end
        redis.call('PUBLISH', ARGV[2], ARGV[3] .. s .. ARGV[4] .. s)
        return id
        """;

    /// <summary>
    /// Takes a session, so it is restored once at most: KEYS[1] the session key, KEYS[2] the log stream; ARGV[1] the
    /// client's offset, ARGV[2] the uid of the server taking it, ARGV[3] the prefix of the servers' own response
    /// channels. Returns nil when there is no session, else <c>{session, 1}</c> when the offset is still in the log
    /// (the packets after it can be replayed) or <c>{session, 0}</c> when it is not (trimmed, or never there): the
    /// session is gone either way, as with Node's GETDEL.
    /// <para>
    /// The session of a live socket (<c>l</c>) is taken only when its server is gone (nobody subscribes its own
    /// response channel any more: it died); while that server runs, its socket is the session and the client gets a
    /// fresh one, as before that server noticed the lost connection and persisted it. A taken key is left as a claim
    /// (owner only, same expiry), so a stale copy of the socket cannot write it back (see <see cref="Write"/>). A plain
    /// string (written by an older version) is taken with GET + DEL.
    /// </para>
    /// </summary>
    public const string TakeSession = """
        local s
        if redis.call('TYPE', KEYS[1]).ok == 'string' then
          s = redis.call('GET', KEYS[1])
          redis.call('DEL', KEYS[1])
        else
          local h = redis.call('HMGET', KEYS[1], 's', 'o', 'l')
          s = h[1]
          if not s then return false end
          if h[3] and h[2] then
            local n = redis.call('PUBSUB', 'NUMSUB', ARGV[3] .. h[2] .. '#')
            if tonumber(n[2]) > 0 then return false end
          end
          redis.call('HDEL', KEYS[1], 's', 'l')
          redis.call('HSET', KEYS[1], 'o', ARGV[2])
        end
        if #redis.call('XRANGE', KEYS[2], ARGV[1], ARGV[1]) == 0 then return {s, 0} end
        return {s, 1}
        """;

    /// <summary>
    /// Writes a session (a hash: <c>o</c> the owning server's uid, <c>s</c> the session JSON, <c>l</c> while its
    /// socket lives): KEYS[1] the session key; ARGV[1] the writer's uid, ARGV[2] the JSON, ARGV[3] the time to live in
    /// ms, ARGV[4] <c>1</c> for a live socket's session. Returns 1, or 0 without writing when another server owns the
    /// key (it restored the session meanwhile: this writer's socket is a stale copy).
    /// </summary>
    public const string Write = """
        local t = redis.call('TYPE', KEYS[1]).ok
        if t == 'hash' then
          local o = redis.call('HGET', KEYS[1], 'o')
          if o and o ~= ARGV[1] then return 0 end
        elseif t ~= 'none' then
          redis.call('DEL', KEYS[1])
        end
        redis.call('HSET', KEYS[1], 'o', ARGV[1], 's', ARGV[2])
        if ARGV[4] == '1' then redis.call('HSET', KEYS[1], 'l', '1') else redis.call('HDEL', KEYS[1], 'l') end
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>
    /// Deletes the session of a socket whose client left on purpose: KEYS[1] the session key; ARGV[1] the deleting
    /// server's uid. Only when that server owns it (a stale copy of the socket elsewhere leaves it alone).
    /// </summary>
    public const string Delete = """
        local t = redis.call('TYPE', KEYS[1]).ok
        if t == 'hash' then
          local o = redis.call('HGET', KEYS[1], 'o')
          if o and o ~= ARGV[1] then return 0 end
        end
        return redis.call('DEL', KEYS[1])
        """;
}
