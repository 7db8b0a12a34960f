using StackExchange.Redis;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>
/// The sessions connection state recovery keeps in Redis (<c>&lt;key&gt;-session#/#&lt;pid&gt;</c>, a hash: <c>o</c> the owning
/// server's uid, <c>s</c> the session JSON while it can be restored).
/// </summary>
internal static class Sessions
{
    public static string Key(string key, string pid) => $"{key}-session#/#{pid}";

    /// <summary>Whether a restorable session is kept for <paramref name="pid"/> (not only a claim).</summary>
    public static async Task<bool> KeptAsync(IDatabase database, string key, string pid)
        => await database.HashExistsAsync(Key(key, pid), "s");

    /// <summary>The uid of the server that owns the session key, or null.</summary>
    public static async Task<string?> OwnerAsync(IDatabase database, string key, string pid)
        => await database.HashGetAsync(Key(key, pid), "o");

    /// <summary>
    /// Waits until the socket of <paramref name="pid"/> left every node (its disconnection handling persisted its
    /// session: live sockets have a session in Redis too) and a restorable session is kept.
    /// </summary>
    public static Task WaitForPersistedAsync(IDatabase database, string key, string pid, IEnumerable<TetherNode> nodes)
        => Timeouts.WaitUntilAsync(
            async () => nodes.All(n => !n.Io.Sockets.Sockets.Values.Any(s => s.Pid == pid)) && await KeptAsync(database, key, pid),
            "the session of the disconnected socket to be kept");
}
