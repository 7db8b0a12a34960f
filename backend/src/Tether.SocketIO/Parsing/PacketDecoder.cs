using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Tether.SocketIO.Parsing;

/// <summary>
/// Decodes a client's packets. One instance per Engine.IO connection: it holds the state of a binary packet whose
/// attachments are still arriving. Throws <see cref="SocketIOProtocolException"/> on anything malformed and never any
/// other exception type. Not thread-safe (a connection's messages arrive on one read loop).
/// </summary>
/// <param name="limits">What one client may send.</param>
/// <param name="jsonOptions">Handed to decoded packets so <see cref="IncomingPacket.Args"/> can bind; the shared
/// defaults when null.</param>
internal sealed class PacketDecoder(PacketDecoderLimits limits, JsonSerializerOptions? jsonOptions = null)
{
    private PendingBinaryPacket? _pending;

    // A client almost always talks to the same namespace: reuse its string instead of decoding it per packet.
    private byte[]? _lastNamespaceBytes;
    private string? _lastNamespace;

    // Namespace names seen by any connection (bounded): every connection to "/video" shares one string and one byte
    // array instead of keeping its own copies for its lifetime.
    private const int SharedNamespaceLimit = 32;
    private static (byte[] Bytes, string Name)[] s_sharedNamespaces = [];

    public PacketDecoderLimits Limits { get; } = limits;

    /// <summary>True while a binary packet waits for attachments.</summary>
    public bool IsAwaitingAttachments => _pending is not null;

    /// <summary>Decodes a text message. Returns null when the packet waits for binary attachments.</summary>
    public IncomingPacket? DecodeText(ReadOnlySpan<byte> utf8)
    {
        if (_pending is { } pending)
        {
            _pending = null;
            throw new SocketIOProtocolException($"Text packet received while {pending.Missing} binary attachment(s) were still expected.");
        }
        if (!Utf8.IsValid(utf8)) throw new SocketIOProtocolException("Packet is not valid UTF-8.");

        var header = PacketHeader.Parse(utf8, Limits.MaxAttachments);
        JsonElement? data = header.Payload.IsEmpty ? null : ParseJson(header.Payload);
        var eventName = PacketPayloadValidator.Validate(header.Type, data, header.Id);
        var nsp = GetNamespace(header.Namespace);

        if (header.Type is not (SocketIOPacketType.BinaryEvent or SocketIOPacketType.BinaryAck))
            return new IncomingPacket(header.Type, nsp, header.Id, data, [], jsonOptions, eventName);

        PlaceholderValidator.Validate(data!.Value, header.Attachments);
        if (header.Attachments == 0)
            return new IncomingPacket(header.Type, nsp, header.Id, data, [], jsonOptions, eventName);
        _pending = new PendingBinaryPacket(header.Type, nsp, header.Id, data.Value, eventName, header.Attachments);
        return null;
    }

    /// <summary>Feeds one binary attachment. Returns the packet once its last attachment arrived.</summary>
    public IncomingPacket? DecodeBinary(ReadOnlySpan<byte> data)
    {
        var pending = _pending ?? throw new SocketIOProtocolException("Binary message received while no binary packet was pending.");
        if (!pending.Add(data)) return null;
        _pending = null;
        return pending.ToPacket(jsonOptions);
    }

    private JsonElement ParseJson(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = Math.Max(1, Limits.MaxJsonDepth) });
        try
        {
            // ParseValue copies the value into its own array: the element outlives the transport's buffer.
            var element = JsonElement.ParseValue(ref reader);
            if (reader.Read()) throw new SocketIOProtocolException("Trailing data after the packet's JSON.");
            return element;
        }
        catch (JsonException e)
        {
            // JsonException also covers the depth limit and invalid UTF-8 inside strings.
            throw new SocketIOProtocolException($"Invalid JSON in packet: {e.Message}");
        }
    }

    private string GetNamespace(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return "/";
        if (_lastNamespace is not null && bytes.SequenceEqual(_lastNamespaceBytes)) return _lastNamespace;
        var shared = Volatile.Read(ref s_sharedNamespaces);
        foreach (var entry in shared)
        {
            if (!bytes.SequenceEqual(entry.Bytes)) continue;
            _lastNamespaceBytes = entry.Bytes;
            return _lastNamespace = entry.Name;
        }
        var copy = bytes.ToArray();
        var name = Encoding.UTF8.GetString(bytes);
        // Racing adders may lose an entry: harmless, it is only a cache.
        if (shared.Length < SharedNamespaceLimit) Volatile.Write(ref s_sharedNamespaces, [.. shared, (copy, name)]);
        _lastNamespaceBytes = copy;
        return _lastNamespace = name;
    }
}
