using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Internal;

/// <summary>Builds EVENT packets: the data array is the event name followed by the arguments.</summary>
internal static class EventPackets
{
    public static OutgoingPacket Create(string nsp, string eventName, object?[]? args, long? id = null)
        => new(SocketIOPacketType.Event, nsp, Data(eventName, args), id);

    public static object?[] Data(string eventName, object?[]? args)
    {
        args ??= [];
        var data = new object?[args.Length + 1];
        data[0] = eventName;
        args.CopyTo(data, 1);
        return data;
    }
}
