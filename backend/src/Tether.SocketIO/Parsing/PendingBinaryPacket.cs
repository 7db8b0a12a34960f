using System.Text.Json;

namespace Tether.SocketIO.Parsing;

/// <summary>A binary packet whose text part arrived and whose attachments are still coming in.</summary>
internal sealed class PendingBinaryPacket(
    SocketIOPacketType type, string nsp, long? id, JsonElement data, string? eventName, int attachmentCount)
{
    private readonly byte[][] _attachments = new byte[attachmentCount][];
    private int _received;

    public int Missing => _attachments.Length - _received;

    /// <summary>Stores a copy of the next attachment; returns true once all have arrived.</summary>
    public bool Add(ReadOnlySpan<byte> data)
    {
        // Copied: the span points into the transport's receive buffer, which is reused.
        _attachments[_received++] = data.ToArray();
        return _received == _attachments.Length;
    }

    public IncomingPacket ToPacket(JsonSerializerOptions? jsonOptions) =>
        new(type, nsp, id, data, _attachments, jsonOptions, eventName);
}
