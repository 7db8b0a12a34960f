namespace Tether.SocketIO.Parsing;

/// <summary>A packet that breaks the Socket.IO protocol; the connection that sent it is closed.</summary>
public sealed class SocketIOProtocolException(string message) : Exception(message);
