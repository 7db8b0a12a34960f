using System.Text.Json;

namespace Tether.SocketIO.Parsing;

/// <summary>A decoded packet from a client, with its binary attachments already put back in place.</summary>
internal sealed class IncomingPacket
{
    public IncomingPacket(SocketIOPacketType type, string @namespace, long? id, JsonElement? data, IReadOnlyList<byte[]> attachments)
    {
        Type = type;
        Namespace = @namespace;
        Id = id;
        Data = data;
        Attachments = attachments;
    }

    /// <summary>The packet type as sent (binary types stay binary).</summary>
    public SocketIOPacketType Type { get; }
    public string Namespace { get; }
    public long? Id { get; }
    /// <summary>The JSON payload (detached from any pooled buffer), or null when the packet had none.</summary>
    public JsonElement? Data { get; }
    public IReadOnlyList<byte[]> Attachments { get; }

    /// <summary>For (BINARY_)EVENT: the event name (first element of the array). Validated by the decoder.</summary>
    public string? EventName => Type is SocketIOPacketType.Event or SocketIOPacketType.BinaryEvent ? Data!.Value[0].GetString() : null;

    /// <summary>For (BINARY_)EVENT: the arguments after the name; for (BINARY_)ACK: all elements.</summary>
    public SocketIOArgs Args => throw new NotImplementedException();
}
