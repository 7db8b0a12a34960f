using System.Text.Json;
using Tether.EngineIO;

namespace Tether.SocketIO.Parsing;

/// <summary>
/// Encodes a packet into Engine.IO messages: one text message, then one binary message per attachment. The result is
/// immutable and meant to be shared by every recipient of a broadcast.
/// </summary>
internal static class PacketEncoder
{
    public static EngineMessage[] Encode(OutgoingPacket packet, JsonSerializerOptions options) => throw new NotImplementedException();
}
