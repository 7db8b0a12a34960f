namespace Tether.SocketIO.Parsing;

/// <summary>Socket.IO protocol v5 packet types, with their wire digits.</summary>
public enum SocketIOPacketType : byte
{
    /// <summary>0: connect to a namespace (client) / connected (server, data <c>{sid}</c>).</summary>
    Connect = 0,
    /// <summary>1: leave a namespace.</summary>
    Disconnect = 1,
    /// <summary>2: an event, data <c>[name, ...args]</c>.</summary>
    Event = 2,
    /// <summary>3: an acknowledgement, data <c>[...args]</c>.</summary>
    Ack = 3,
    /// <summary>4: a refused namespace connection, data <c>{message, data?}</c>.</summary>
    ConnectError = 4,
    /// <summary>5: an event with binary attachments.</summary>
    BinaryEvent = 5,
    /// <summary>6: an acknowledgement with binary attachments.</summary>
    BinaryAck = 6,
}
