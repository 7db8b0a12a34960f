using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tether.EngineIO;

namespace Tether.SocketIO.Redis.Internal.Wire;

/// <summary>
/// Sockets as a REMOTE_FETCH response carries them: <c>{id, handshake, rooms, data}</c> with Node's handshake shape
/// <c>{headers, time, address, xdomain, secure, issued, url, query, auth}</c>.
/// </summary>
internal static class RemoteSocketCodec
{
    /// <summary>The response to a fetch: this server's matching sockets.</summary>
    public static byte[] FetchResponse(string requestId, IReadOnlyList<RemoteSocket> sockets, JsonSerializerOptions options)
        => MessageBuffers.Json((requestId, sockets, options), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("requestId", s.requestId);
            w.WriteStartArray("sockets");
            foreach (var socket in s.sockets) WriteSocket(w, socket, s.options);
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>A socket another server described, bound to <paramref name="nsp"/> so its operations go cluster-wide.</summary>
    public static RemoteSocket? Read(JsonElement socket, Namespace nsp, JsonSerializerOptions options)
    {
        if (socket.ValueKind != JsonValueKind.Object || !socket.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            return null;
        var handshake = socket.TryGetProperty("handshake", out var h) ? h : default;
        var rooms = socket.TryGetProperty("rooms", out var r) ? RoomList.Read(r) : [];
        var data = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (socket.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in d.EnumerateObject()) data[property.Name] = property.Value;
        }
        return new RemoteSocket(nsp, id.GetString()!, ReadHandshake(handshake, options), rooms, data);
    }

    private static void WriteSocket(Utf8JsonWriter w, RemoteSocket socket, JsonSerializerOptions options)
    {
        w.WriteStartObject();
        w.WriteString("id", socket.Id);
        WriteHandshake(w, socket.Handshake);
        w.WriteStartArray("rooms");
        foreach (var room in socket.Rooms) w.WriteStringValue(room);
        w.WriteEndArray();
        w.WritePropertyName("data");
        w.WriteRawValue(SerializeData(socket.Data, options), skipInputValidation: true);
        w.WriteEndObject();
    }

    /// <summary>The socket's data as JSON; an empty object when a value cannot be serialised (better than no answer).</summary>
    private static byte[] SerializeData(IReadOnlyDictionary<string, object?> data, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(data, options);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return "{}"u8.ToArray();
        }
    }

    private static void WriteHandshake(Utf8JsonWriter w, SocketHandshake handshake)
    {
        w.WriteStartObject("handshake");
        w.WriteStartObject("headers");
        foreach (var (name, value) in handshake.Headers) w.WriteString(name.ToLowerInvariant(), value);
        w.WriteEndObject();
        w.WriteString("time", handshake.Time.UtcDateTime.ToString("R"));
        w.WriteString("address", handshake.Address);
        w.WriteBoolean("xdomain", handshake.Headers.ContainsKey("origin"));
        w.WriteBoolean("secure", handshake.Secure);
        w.WriteNumber("issued", handshake.Time.ToUnixTimeMilliseconds());
        w.WriteString("url", handshake.Url);
        w.WriteStartObject("query");
        foreach (var (name, value) in handshake.Query) w.WriteString(name, value);
        w.WriteEndObject();
        w.WritePropertyName("auth");
        // Sent as Node sends it: fetchSockets is a server-to-server call and the handshake includes auth.
        if (handshake.Auth is { } auth)
        {
            auth.WriteTo(w);
        }
        else
        {
            w.WriteStartObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>
    /// Rebuilds a handshake through a synthetic request (the handshake types are built from HTTP requests); the time
    /// is the local time of the fetch, because that type takes it from the clock.
    /// </summary>
    private static SocketHandshake ReadHandshake(JsonElement handshake, JsonSerializerOptions options)
    {
        var context = new DefaultHttpContext();
        JsonElement? auth = null;
        if (handshake.ValueKind == JsonValueKind.Object)
        {
            if (handshake.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in headers.EnumerateObject()) context.Request.Headers[header.Name] = HeaderValue(header.Value);
            }
            var url = handshake.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "/";
            var queryStart = url.IndexOf('?');
            var path = queryStart < 0 ? url : url[..queryStart];
            context.Request.Path = path.StartsWith('/') ? new PathString(path) : new PathString("/" + path);
            if (handshake.TryGetProperty("query", out var query) && query.ValueKind == JsonValueKind.Object)
                context.Request.QueryString = QueryString.Create(query.EnumerateObject().Select(p => new KeyValuePair<string, string?>(p.Name, HeaderValue(p.Value))));
            if (handshake.TryGetProperty("address", out var address) && address.ValueKind == JsonValueKind.String
                && IPAddress.TryParse(address.GetString(), out var ip))
            {
                context.Connection.RemoteIpAddress = ip;
            }
            context.Request.Scheme = handshake.TryGetProperty("secure", out var secure) && secure.ValueKind == JsonValueKind.True ? "https" : "http";
            if (handshake.TryGetProperty("auth", out var a) && a.ValueKind != JsonValueKind.Undefined) auth = a;
        }
        return new SocketHandshake(new EngineHandshakeRequest(context), auth, options);
    }

    private static string HeaderValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
        _ => value.GetRawText(),
    };
}
