using Tether.EngineIO.Internal;

namespace Tether.EngineIO.Polling;

/// <summary>
/// The Engine.IO v4 long-polling payload: packets joined by the record separator 0x1e, binary as <c>b&lt;base64&gt;</c>.
/// </summary>
internal static class PollingPayload
{
    public const byte Separator = 0x1e;

    /// <summary>The encoded length of a batch.</summary>
    public static int GetEncodedLength(List<OutboundPacket> packets)
    {
        int length = packets.Count - 1; // separators
        foreach (ref readonly var packet in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(packets))
            length += packet.PollingLength;
        return length;
    }

    /// <summary>Encodes a batch into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Encode(List<OutboundPacket> packets, Span<byte> destination)
    {
        int position = 0;
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(packets);
        for (int i = 0; i < span.Length; i++)
        {
            if (i > 0) destination[position++] = Separator;
            position += span[i].WritePolling(destination[position..]);
        }
        return position;
    }
}

/// <summary>Splits a polling payload into its packets without copying.</summary>
internal ref struct PollingPayloadReader
{
    private ReadOnlySpan<byte> _remaining;
    private bool _done;

    public PollingPayloadReader(ReadOnlySpan<byte> payload)
    {
        _remaining = payload;
        _done = false;
    }

    /// <summary>Returns the next packet (type digit or <c>b</c> first); false when the payload is exhausted.</summary>
    public bool TryReadNext(out ReadOnlySpan<byte> packet)
    {
        if (_done)
        {
            packet = default;
            return false;
        }
        int separator = _remaining.IndexOf(PollingPayload.Separator);
        if (separator < 0)
        {
            packet = _remaining;
            _done = true;
            return true;
        }
        packet = _remaining[..separator];
        _remaining = _remaining[(separator + 1)..];
        return true;
    }
}
