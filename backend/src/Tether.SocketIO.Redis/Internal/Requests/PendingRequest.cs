using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis.Internal.Requests;

/// <summary>A request this server sent and whose responses it is waiting for, by request id.</summary>
internal abstract class PendingRequest
{
    /// <summary>Handles one response (called on the response subscription's reader, one at a time).</summary>
    public abstract void OnResponse(in WireMessage response);
}
