namespace Tether.SocketIO.Internal;

/// <summary>Event names the protocol or the client library use themselves; emitting them would confuse the client.</summary>
internal static class ReservedEvents
{
    public static bool IsReserved(string eventName) => eventName is
        "connect" or "connect_error" or "disconnect" or "disconnecting" or "newListener" or "removeListener";

    public static void ThrowIfReserved(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (IsReserved(eventName)) throw new ArgumentException($"\"{eventName}\" is a reserved event name.", nameof(eventName));
    }
}
