namespace Tether.SocketIO.Parsing;

/// <summary>Limits the decoder enforces on what one client sends.</summary>
/// <param name="MaxAttachments">The most binary attachments one packet may announce.</param>
/// <param name="MaxJsonDepth">The deepest nesting of arrays/objects accepted in a packet's JSON.</param>
internal sealed record PacketDecoderLimits(int MaxAttachments = 10, int MaxJsonDepth = 32);
