namespace Tether.SocketIO;

/// <summary>An incoming event as per-packet middleware (<see cref="Socket.Use"/>) sees it.</summary>
public sealed class SocketIOEvent
{
    internal SocketIOEvent(Socket socket, string name, SocketIOArgs args, SocketAck? ack)
    {
        Socket = socket;
        Name = name;
        Args = args;
        Ack = ack;
    }

    /// <summary>The socket that received it.</summary>
    public Socket Socket { get; }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The arguments.</summary>
    public SocketIOArgs Args { get; }

    /// <summary>The acknowledgement callback when the client asked for one, else null.</summary>
    public SocketAck? Ack { get; }
}
