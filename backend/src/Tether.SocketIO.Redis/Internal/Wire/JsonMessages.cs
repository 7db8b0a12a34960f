using System.Text.Json;
using Tether.SocketIO.Adapters;

namespace Tether.SocketIO.Redis.Internal.Wire;

/// <summary>
/// The requests and responses Node's adapter sends as JSON (all but the broadcast-with-ack ones): same property
/// names, same type numbers.
/// </summary>
internal static class JsonMessages
{
    public static byte[] AllRoomsRequest(string uid, string requestId)
        => MessageBuffers.Json((uid, requestId), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("uid", s.uid);
            w.WriteString("requestId", s.requestId);
            w.WriteNumber("type", (int)RequestType.AllRooms);
            w.WriteEndObject();
        });

    public static byte[] FetchRequest(string uid, string requestId, BroadcastOptions opts)
        => MessageBuffers.Json((uid, requestId, opts), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("uid", s.uid);
            w.WriteString("requestId", s.requestId);
            w.WriteNumber("type", (int)RequestType.RemoteFetch);
            WriteOpts(w, s.opts);
            w.WriteEndObject();
        });

    /// <summary>REMOTE_JOIN or REMOTE_LEAVE for the sockets matching <paramref name="opts"/>.</summary>
    public static byte[] RoomsRequest(string uid, RequestType type, BroadcastOptions opts, string[] rooms)
        => MessageBuffers.Json((uid, type, opts, rooms), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("uid", s.uid);
            w.WriteNumber("type", (int)s.type);
            WriteOpts(w, s.opts);
            WriteStrings(w, "rooms", s.rooms);
            w.WriteEndObject();
        });

    public static byte[] DisconnectRequest(string uid, BroadcastOptions opts, bool close)
        => MessageBuffers.Json((uid, opts, close), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("uid", s.uid);
            w.WriteNumber("type", (int)RequestType.RemoteDisconnect);
            WriteOpts(w, s.opts);
            w.WriteBoolean("close", s.close);
            w.WriteEndObject();
        });

    /// <summary>A server-side emit; <paramref name="requestId"/> present means the sender waits for acknowledgements.</summary>
    public static byte[] ServerSideEmitRequest(string uid, string? requestId, object?[] packet, JsonSerializerOptions options)
        => MessageBuffers.Json((uid, requestId, packet, options), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("uid", s.uid);
            if (s.requestId is not null) w.WriteString("requestId", s.requestId);
            w.WriteNumber("type", (int)RequestType.ServerSideEmit);
            w.WritePropertyName("data");
            // Plain JSON as in Node (JSON.stringify): bytes travel as base64 strings here, not as binary.
            JsonSerializer.Serialize(w, s.packet, s.options);
            w.WriteEndObject();
        });

    /// <summary>The reply to a server-side emit: only the first acknowledgement argument travels (as in Node).</summary>
    public static byte[] ServerSideEmitResponse(string requestId, object? firstArgument, bool hasArgument, JsonSerializerOptions options)
        => MessageBuffers.Json((requestId, firstArgument, hasArgument, options), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteNumber("type", (int)RequestType.ServerSideEmit);
            w.WriteString("requestId", s.requestId);
            if (s.hasArgument)
            {
                w.WritePropertyName("data");
                JsonSerializer.Serialize(w, s.firstArgument, s.firstArgument?.GetType() ?? typeof(object), s.options);
            }
            w.WriteEndObject();
        });

    public static byte[] BroadcastClientCount(string requestId, int clientCount)
        => MessageBuffers.Json((requestId, clientCount), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteNumber("type", (int)RequestType.BroadcastClientCount);
            w.WriteString("requestId", s.requestId);
            w.WriteNumber("clientCount", s.clientCount);
            w.WriteEndObject();
        });

    /// <summary>A response holding a list of strings (<c>sockets</c> for SOCKETS, <c>rooms</c> for ALL_ROOMS).</summary>
    public static byte[] ListResponse(string requestId, string property, IEnumerable<string> items)
        => MessageBuffers.Json((requestId, property, items), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("requestId", s.requestId);
            WriteStrings(w, s.property, s.items);
            w.WriteEndObject();
        });

    /// <summary>The bare acknowledgement of a legacy single-socket join/leave/disconnect request.</summary>
    public static byte[] EmptyResponse(string requestId)
        => MessageBuffers.Json(requestId, static (w, id) =>
        {
            w.WriteStartObject();
            w.WriteString("requestId", id);
            w.WriteEndObject();
        });

    /// <summary>Writes <c>"opts": {rooms, except}</c> (requests carry no flags).</summary>
    private static void WriteOpts(Utf8JsonWriter w, BroadcastOptions opts)
    {
        w.WriteStartObject("opts");
        WriteStrings(w, "rooms", opts.Rooms);
        WriteStrings(w, "except", opts.Except);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string property, IEnumerable<string> items)
    {
        w.WriteStartArray(property);
        foreach (var item in items) w.WriteStringValue(item);
        w.WriteEndArray();
    }
}
