namespace Tether.EngineIO.WebSockets;

/// <summary>A parsed frame header.</summary>
internal readonly record struct WebSocketFrameHeader(
    bool Fin,
    WebSocketOpcode Opcode,
    bool Masked,
    uint MaskKey,
    long PayloadLength,
    int HeaderLength)
{
    public bool IsControl => ((byte)Opcode & 0x8) != 0;
}

/// <summary>The outcome of <see cref="WebSocketFrameReader.TryReadHeader"/>.</summary>
internal enum FrameHeaderStatus
{
    /// <summary>The header is complete and well formed.</summary>
    Done,
    /// <summary>More bytes are needed; <c>headerLength</c> says how many in total, when known.</summary>
    Incomplete,
    /// <summary>The header breaks RFC 6455 (reserved bits, unknown opcode, bad control frame, 64-bit length overflow).</summary>
    Invalid,
}
