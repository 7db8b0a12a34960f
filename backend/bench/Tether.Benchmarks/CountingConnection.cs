using Microsoft.AspNetCore.Http;
using Tether.EngineIO;

namespace Tether.Benchmarks;

/// <summary>
/// An Engine.IO connection with no transport: it only counts what it is asked to send, so a benchmark measures the
/// Socket.IO layer's own work and allocations, not socket I/O.
/// </summary>
internal sealed class CountingConnection(string id) : EngineConnection
{
    private static readonly EngineHandshakeRequest Handshake = new(new DefaultHttpContext());
    private static readonly Task Never = new TaskCompletionSource().Task;

    public long Messages;

    public override string Id => id;
    public override string TransportName => "websocket";
    public override EngineHandshakeRequest Request => Handshake;
    public override bool IsOpen => true;
    public override Task Closed => Never;

    public override bool Send(EngineMessage message)
    {
        Messages++;
        return true;
    }

    public override bool Send(ReadOnlySpan<EngineMessage> messages)
    {
        Messages += messages.Length;
        return true;
    }

    public override void Close()
    {
    }
}
