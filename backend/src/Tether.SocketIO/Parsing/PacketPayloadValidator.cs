using System.Text.Json;

namespace Tether.SocketIO.Parsing;

/// <summary>The per-type payload rules of socket.io-parser's <c>isPayloadValid</c>, made a little stricter.</summary>
internal static class PacketPayloadValidator
{
    /// <summary>Names with a special meaning on one side or the other; a client may not send them as events.</summary>
    private static readonly string[] ReservedEvents =
        ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

    /// <summary>Checks <paramref name="data"/> against <paramref name="type"/>; returns the event name for events.</summary>
    public static string? Validate(SocketIOPacketType type, JsonElement? data, long? id)
    {
        switch (type)
        {
            case SocketIOPacketType.Connect:
                if (data is { ValueKind: not JsonValueKind.Object })
                    throw Invalid("CONNECT data must be an object or absent.");
                return null;
            case SocketIOPacketType.Disconnect:
                if (data is not null) throw Invalid("DISCONNECT must not carry data.");
                return null;
            case SocketIOPacketType.ConnectError:
                if (data is not { ValueKind: JsonValueKind.Object or JsonValueKind.String })
                    throw Invalid("CONNECT_ERROR data must be an object or a string.");
                return null;
            case SocketIOPacketType.Event:
            case SocketIOPacketType.BinaryEvent:
                return ValidateEvent(data);
            case SocketIOPacketType.Ack:
            case SocketIOPacketType.BinaryAck:
                if (data is not { ValueKind: JsonValueKind.Array }) throw Invalid("ACK data must be an array.");
                // An ack answers a numbered emit; without the number there is nothing it could answer.
                if (id is null) throw Invalid("ACK without an id.");
                return null;
            default:
                throw Invalid($"Unknown packet type {(int)type}.");
        }
    }

    private static string ValidateEvent(JsonElement? data)
    {
        if (data is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
            throw Invalid("EVENT data must be a non-empty array.");
        var first = array[0];
        if (first.ValueKind != JsonValueKind.String) throw Invalid("The event name must be a string.");
        string name;
        try
        {
            name = first.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // e.g. an escaped lone surrogate ("\ud800"): valid JSON, but not a string .NET can represent.
            throw Invalid("The event name is not a valid UTF-16 string.");
        }
        if (Array.IndexOf(ReservedEvents, name) >= 0) throw Invalid($"'{name}' is a reserved event name.");
        return name;
    }

    private static SocketIOProtocolException Invalid(string message) => new($"Invalid payload: {message}");
}
