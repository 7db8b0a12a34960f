using System.Text.Json;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis.Internal.Recovery;

/// <summary>
/// A session kept in Redis, as read back. <c>Uid</c> is the server (adapter) that persisted it: the broadcasts that
/// server sent to its own sockets only are replayed to its sessions alone.
/// </summary>
internal sealed record StoredSession(string Sid, string Pid, string Nsp, string Uid, IReadOnlyCollection<string> Rooms, IReadOnlyDictionary<string, object?> Data);

/// <summary>
/// The JSON form of a disconnected socket's session in Redis: <c>{sid, pid, nsp, uid, rooms, data}</c>. The data is
/// serialised with the server's JSON settings (bytes as base64), and comes back as <see cref="JsonElement"/> values,
/// as the data of a socket fetched from another server does.
/// </summary>
internal static class SessionCodec
{
    /// <exception cref="JsonException">A data value cannot be serialised.</exception>
    /// <exception cref="NotSupportedException">A data value cannot be serialised.</exception>
    public static byte[] Write(SessionToPersist session, string nsp, string uid, JsonSerializerOptions options)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(session.Data, options);
        return MessageBuffers.Json((session, nsp, uid, data), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("sid", s.session.Sid);
            w.WriteString("pid", s.session.Pid);
            w.WriteString("nsp", s.nsp);
            w.WriteString("uid", s.uid);
            w.WriteStartArray("rooms");
            foreach (var room in s.session.Rooms) w.WriteStringValue(room);
            w.WriteEndArray();
            w.WritePropertyName("data");
            w.WriteRawValue(s.data, skipInputValidation: true);
            w.WriteEndObject();
        });
    }

    /// <summary>The session, or null when the JSON is not one (written by something else).</summary>
    public static StoredSession? Read(ReadOnlySpan<byte> json)
    {
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(json);
            root = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return null;
        }
        if (root.ValueKind != JsonValueKind.Object) return null;
        var sid = String(root, "sid");
        var pid = String(root, "pid");
        var nsp = String(root, "nsp");
        if (sid is null || pid is null || nsp is null) return null;
        var rooms = root.TryGetProperty("rooms", out var r) ? RoomList.Read(r) : [];
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in d.EnumerateObject())
                data[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
        }
        return new StoredSession(sid, pid, nsp, String(root, "uid") ?? "", rooms, data);
    }

    private static string? String(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
