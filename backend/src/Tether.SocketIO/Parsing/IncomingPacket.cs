using System.Text.Json;

namespace Tether.SocketIO.Parsing;

/// <summary>A decoded packet from a client, with its binary attachments already put back in place.</summary>
internal sealed class IncomingPacket
{
    private readonly JsonSerializerOptions? _jsonOptions;
    private string? _eventName;
    private SocketIOArgs? _args;

    /// <param name="type">The packet type as sent.</param>
    /// <param name="namespace">The namespace ("/" when the packet named none).</param>
    /// <param name="id">The ack id, if any.</param>
    /// <param name="data">The detached JSON payload, or null.</param>
    /// <param name="attachments">The binary attachments, in placeholder order.</param>
    /// <param name="jsonOptions">The options <see cref="Args"/> binds with; the shared defaults when null.</param>
    /// <param name="eventName">The already-validated event name (computed from <paramref name="data"/> when null).</param>
    public IncomingPacket(SocketIOPacketType type, string @namespace, long? id, JsonElement? data, IReadOnlyList<byte[]> attachments,
        JsonSerializerOptions? jsonOptions = null, string? eventName = null)
    {
        Type = type;
        Namespace = @namespace;
        Id = id;
        Data = data;
        Attachments = attachments;
        _jsonOptions = jsonOptions;
        _eventName = eventName;
    }

    /// <summary>The packet type as sent (binary types stay binary).</summary>
    public SocketIOPacketType Type { get; }
    public string Namespace { get; }
    public long? Id { get; }
    /// <summary>The JSON payload (detached from any pooled buffer), or null when the packet had none.</summary>
    public JsonElement? Data { get; }
    public IReadOnlyList<byte[]> Attachments { get; }

    /// <summary>True for EVENT and BINARY_EVENT.</summary>
    public bool IsEvent => Type is SocketIOPacketType.Event or SocketIOPacketType.BinaryEvent;

    /// <summary>True for ACK and BINARY_ACK.</summary>
    public bool IsAck => Type is SocketIOPacketType.Ack or SocketIOPacketType.BinaryAck;

    /// <summary>For (BINARY_)EVENT: the event name (first element of the array). Validated by the decoder.</summary>
    public string? EventName => IsEvent ? _eventName ??= Data!.Value[0].GetString() : null;

    /// <summary>
    /// For (BINARY_)EVENT: the arguments after the name; for (BINARY_)ACK: all elements; otherwise empty. Binds
    /// with the options given to the decoder (see <see cref="GetArgs"/> to pick others).
    /// </summary>
    public SocketIOArgs Args => _args ??= GetArgs(_jsonOptions ?? SocketIOJson.DefaultOptions);

    /// <summary>Like <see cref="Args"/>, binding with <paramref name="options"/> (not cached).</summary>
    public SocketIOArgs GetArgs(JsonSerializerOptions options)
    {
        if (Data is not { ValueKind: JsonValueKind.Array } array) return SocketIOArgs.Empty;
        if (IsEvent) return new SocketIOArgs(array, 1, Attachments, options);
        if (IsAck) return new SocketIOArgs(array, 0, Attachments, options);
        return SocketIOArgs.Empty;
    }
}
