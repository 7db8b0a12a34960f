namespace Tether.SocketIO;

/// <summary>
/// Thrown by namespace middleware to refuse a connection. The client receives a CONNECT_ERROR packet
/// <c>{"message": ..., "data": ...}</c> (<c>data</c> only when <paramref name="data"/> is not null) and its
/// <c>connect_error</c> handler gets an Error with that message and <c>data</c>.
/// </summary>
/// <param name="message">The message sent to the client: keep it free of internals.</param>
/// <param name="data">Extra JSON-serialisable details sent to the client, or null.</param>
public sealed class SocketIOConnectException(string message, object? data = null) : Exception(message)
{
    /// <summary>The extra details sent as <c>data</c> (named so to avoid hiding <see cref="Exception.Data"/>).</summary>
    public object? ErrorData { get; } = data;
}
