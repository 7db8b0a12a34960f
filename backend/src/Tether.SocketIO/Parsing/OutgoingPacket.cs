namespace Tether.SocketIO.Parsing;

/// <summary>
/// A packet the server sends, before encoding. For <see cref="SocketIOPacketType.Event"/> the data is the argument
/// array with the event name first; for <see cref="SocketIOPacketType.Ack"/> the argument array. The encoder picks
/// the binary packet types itself when the arguments hold bytes.
/// </summary>
internal sealed class OutgoingPacket
{
    public OutgoingPacket(SocketIOPacketType type, string @namespace, object? data = null, long? id = null)
    {
        Type = type;
        Namespace = @namespace;
        Data = data;
        Id = id;
    }

    public SocketIOPacketType Type { get; }
    public string Namespace { get; }
    /// <summary>Event/ack arguments (<c>object?[]</c>), the CONNECT payload, or the CONNECT_ERROR payload.</summary>
    public object? Data { get; }
    public long? Id { get; }

    /// <summary>The event name of an EVENT packet (its first argument), else null.</summary>
    public string? EventName => Type == SocketIOPacketType.Event && Data is object?[] { Length: > 0 } a ? a[0] as string : null;

    /// <summary>A copy with one more trailing argument (used to append the recovery offset to a broadcast).</summary>
    public OutgoingPacket WithAppendedArgument(object? value)
    {
        var args = Data as object?[] ?? [];
        var copy = new object?[args.Length + 1];
        args.CopyTo(copy, 0);
        copy[^1] = value;
        return new OutgoingPacket(Type, Namespace, copy, Id);
    }

    /// <summary>A copy with another namespace or id.</summary>
    public OutgoingPacket With(string? @namespace = null, long? id = null) => new(Type, @namespace ?? Namespace, Data, id ?? Id);
}
