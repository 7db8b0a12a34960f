namespace Tether.SocketIO.Parsing;

/// <summary>Limits the decoder enforces on what one client sends.</summary>
internal sealed record PacketDecoderLimits(int MaxAttachments = 10, int MaxJsonDepth = 32);

/// <summary>
/// Decodes a client's packets. One instance per Engine.IO connection: it holds the state of a binary packet whose
/// attachments are still arriving. Throws <see cref="SocketIOProtocolException"/> on anything malformed.
/// </summary>
internal sealed class PacketDecoder(PacketDecoderLimits limits)
{
    public PacketDecoderLimits Limits { get; } = limits;

    /// <summary>Decodes a text message. Returns null when the packet waits for binary attachments.</summary>
    public IncomingPacket? DecodeText(ReadOnlySpan<byte> utf8) => throw new NotImplementedException();

    /// <summary>Feeds one binary attachment. Returns the packet once its last attachment arrived.</summary>
    public IncomingPacket? DecodeBinary(ReadOnlySpan<byte> data) => throw new NotImplementedException();
}
