using System.Text.Json;
using Tether.SocketIO.Adapters;

namespace Tether.SocketIO.Redis.Internal.Wire;

/// <summary>Reads the <c>{rooms, except, flags}</c> options and room arrays Node peers send.</summary>
internal static class RoomList
{
    /// <summary>
    /// A set from a JSON array of rooms. Node allows numeric rooms; they are the same room as their decimal text
    /// here (the library's rooms are strings).
    /// </summary>
    public static HashSet<string> Read(JsonElement array)
    {
        var rooms = new HashSet<string>(StringComparer.Ordinal);
        if (array.ValueKind != JsonValueKind.Array) return rooms;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) rooms.Add(item.GetString()!);
            else if (item.ValueKind == JsonValueKind.Number) rooms.Add(item.GetRawText());
        }
        return rooms;
    }

    /// <summary>Broadcast options from an <c>opts</c> object; flags when present (a broadcast carries them).</summary>
    public static BroadcastOptions ReadOptions(JsonElement opts)
    {
        if (opts.ValueKind != JsonValueKind.Object) return new BroadcastOptions(new HashSet<string>(), new HashSet<string>(), BroadcastFlags.None);
        var rooms = opts.TryGetProperty("rooms", out var r) ? Read(r) : [];
        var except = opts.TryGetProperty("except", out var e) ? Read(e) : [];
        var flags = opts.TryGetProperty("flags", out var f) ? ReadFlags(f) : BroadcastFlags.None;
        return new BroadcastOptions(rooms, except, flags);
    }

    private static BroadcastFlags ReadFlags(JsonElement flags)
    {
        if (flags.ValueKind != JsonValueKind.Object) return BroadcastFlags.None;
        TimeSpan? timeout = flags.TryGetProperty("timeout", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetDouble(out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : null;
        return new BroadcastFlags(
            Volatile: flags.TryGetProperty("volatile", out var v) && v.ValueKind == JsonValueKind.True,
            Local: false, // the sender's "local" never applies to the receiver: it was only for the sender's own sockets
            Compress: !(flags.TryGetProperty("compress", out var c) && c.ValueKind == JsonValueKind.False),
            Timeout: timeout);
    }
}
