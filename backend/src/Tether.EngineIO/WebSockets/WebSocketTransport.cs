using System.Buffers;
using System.Buffers.Binary;
using Tether.EngineIO.Internal;

namespace Tether.EngineIO.WebSockets;

/// <summary>
/// The WebSocket transport over a raw duplex stream: Kestrel's upgraded request stream, or the connection itself when
/// the handshake was taken at the connection level (<see cref="Connections.DirectWebSocketMiddleware"/>). Inbound: one read loop per connection that holds no
/// buffer while idle (it parks on a zero-byte read) and hands messages to the session on its own thread. Outbound:
/// a single writer that turns everything queued into frames in one pooled buffer and writes it at once.
/// </summary>
internal sealed partial class WebSocketTransport : EngineTransport, IThreadPoolWorkItem
{
    private const int InitialReadBufferSize = 4096;
    // How long a close handshake (or a writer stuck behind a peer that does not read) may take before the
    // connection is simply aborted.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);
    private static readonly byte[] ProbeReply = "3probe"u8.ToArray();

    // What to abort to drop the TCP connection: the upgraded request's HttpContext, the ConnectionContext or the
    // Socket. Kept as object rather than a delegate so an idle connection carries no extra allocation.
    private readonly object _owner;
    private readonly Stream _stream;
    private readonly System.IO.Pipelines.PipeReader? _pipeInput; // the raw connection's input, when the stream is over it
    private readonly long _maxMessageSize;
    private TaskCompletionSource? _closeWritten; // created when a close starts (guarded by Session.Sync)

    // Guarded by Session.Sync.
    private bool _active;          // carries the session (false while it is only probing an upgrade)
    private bool _writeScheduled;  // the writer is queued or running
    private List<ControlFrame>? _controlFrames;
    private byte[]? _preamble;     // raw bytes ahead of the first frame (a 101 head not sent yet)
    private ushort _closeCode;     // 0 until a close is initiated
    private bool _closeSent;
    private bool _terminated;      // the stream must not be written any more
    private TaskCompletionSource? _writerExited;
    private Timer? _abortTimer;
    private int _aborted;

    // Read loop only: a fragmented message being assembled.
    private byte[]? _fragment;
    private int _fragmentLength;
    private WebSocketOpcode _fragmentOpcode;
    private bool _inFragment;

    public WebSocketTransport(EngineSession session, object owner, Stream stream, bool active, byte[]? preamble = null)
    {
        _preamble = preamble;
        Session = session;
        _owner = owner;
        _stream = stream;
        _pipeInput = (stream as Connections.DuplexPipeStream)?.Input;
        _active = active;
        _maxMessageSize = session.Options.MaxHttpBufferSize;
    }

    public EngineSession Session { get; }

    public override string Name => "websocket";

    // Plain reads: a hint for volatile broadcasts, not a guarantee.
    public override bool IsWritable => _active && !_writeScheduled && !_closeSent && !_terminated;

    internal void Activate_NoLock() => _active = true;

    /// <summary>A WebSocket-level frame queued ahead of the session's packets (pong, the probe reply).</summary>
    private readonly record struct ControlFrame(WebSocketOpcode Opcode, byte[] Payload);
}
