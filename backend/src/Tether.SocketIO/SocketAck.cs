namespace Tether.SocketIO;

/// <summary>
/// Acknowledges a client's event: sends an ACK packet with <paramref name="args"/> and the event's id. Only the first
/// call sends anything; the task completes when the packet is queued.
/// </summary>
public delegate Task SocketAck(params object?[] args);
