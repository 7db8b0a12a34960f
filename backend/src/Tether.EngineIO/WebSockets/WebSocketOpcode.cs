namespace Tether.EngineIO.WebSockets;

/// <summary>RFC 6455 frame opcodes.</summary>
internal enum WebSocketOpcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}

/// <summary>RFC 6455 close status codes used by the server.</summary>
internal static class WebSocketCloseCode
{
    public const ushort NormalClosure = 1000;
    public const ushort ProtocolError = 1002;
    public const ushort InvalidPayloadData = 1007;
    public const ushort MessageTooBig = 1009;

    /// <summary>Whether a peer may send this code in a close frame (RFC 6455 §7.4).</summary>
    public static bool IsValidReceived(ushort code)
        => code is >= 1000 and <= 1003 or >= 1007 and <= 1011 or >= 3000 and <= 4999;
}
