namespace Tether.SocketIO.Redis.Internal;

/// <summary>The request and response types of Node's @socket.io/redis-adapter (the numbers are the wire values).</summary>
internal enum RequestType
{
    Sockets = 0,
    AllRooms = 1,
    RemoteJoin = 2,
    RemoteLeave = 3,
    RemoteDisconnect = 4,
    RemoteFetch = 5,
    ServerSideEmit = 6,
    Broadcast = 7,
    BroadcastClientCount = 8,
    BroadcastAck = 9,
}
