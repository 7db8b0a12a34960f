using Tether.EngineIO;

namespace ConformanceHost;

/// <summary>
/// The raw Engine.IO endpoint of the conformance server: every message goes straight back, text as text and binary
/// as binary, with no Socket.IO layer in between.
/// </summary>
internal sealed class EchoEngineHandler : IEngineConnectionHandler
{
    public void OnOpen(EngineConnection connection)
    {
    }

    public void OnMessage(EngineConnection connection, bool isBinary, ReadOnlySpan<byte> data)
    {
        // The span is only valid during the call, and an EngineMessage must own memory that never changes: copy.
        var copy = data.ToArray();
        connection.Send(isBinary ? EngineMessage.Binary(copy) : EngineMessage.Text(copy));
    }

    public void OnClose(EngineConnection connection, EngineCloseReason reason)
    {
    }
}
