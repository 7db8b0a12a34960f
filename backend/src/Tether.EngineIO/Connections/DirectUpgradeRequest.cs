using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Text;

namespace Tether.EngineIO.Connections;

/// <summary>
/// The head of an HTTP/1.1 request read straight off a connection, when it is an Engine.IO WebSocket handshake this
/// server can take without Kestrel's HTTP layer: <c>GET {path}?EIO=4&amp;transport=websocket[&amp;sid=…] HTTP/1.1</c>
/// with a valid RFC 6455 upgrade, no body, and nothing unusual. Anything else is not parsed further; Kestrel then
/// serves the request as usual, including every error answer.
/// Checking a head allocates nothing; a taken one keeps a copy of its bytes, and its headers and query become
/// dictionaries only when someone reads them (most handlers never do, and the session keeps the handshake for life).
/// </summary>
internal sealed class DirectUpgradeRequest
{
    /// <summary>Longer request heads are left to Kestrel.</summary>
    internal const int MaxHeadLength = 8192;

    /// <summary>Kestrel's default <c>MaxRequestHeaderCount</c>: heads with more header lines are left to it (431).</summary>
    internal const int MaxHeaderCount = 100;

    // Host names as Kestrel takes them, in the plainest form (anything else is left to Kestrel to judge).
    private static readonly SearchValues<byte> HostNameBytes =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"u8);

    // Header names and values kept as shared strings once materialised: nearly every handshake has them.
    private static readonly string[] KnownHeaderNames =
    [
        "Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions",
        "Origin", "User-Agent", "Cookie", "Accept-Encoding", "Accept-Language", "Cache-Control", "Pragma",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP", "Authorization",
    ];

    private static readonly string[] KnownValues =
    [
        "websocket", "Upgrade", "13", "4", "keep-alive, Upgrade", "no-cache", "gzip, deflate, br", "gzip, deflate, br, zstd",
        "permessage-deflate; client_max_window_bits",
    ];

    private readonly byte[] _head; // request line and header lines, each with its CRLF (no final empty line)
    private readonly int _targetLength;
    private readonly int _keyStart;
    private Dictionary<string, string>? _headers;
    private Dictionary<string, string>? _query;
    private string? _url;

    private DirectUpgradeRequest(byte[] head, int headLength, int targetLength, int keyStart, string sid)
    {
        _head = head;
        HeadLength = headLength;
        _targetLength = targetLength;
        _keyStart = keyStart;
        Sid = sid;
    }

    /// <summary>Bytes of the request head, up to and including the empty line.</summary>
    public int HeadLength { get; }

    /// <summary>The request target as sent (path and query).</summary>
    public string Url => _url ??= Encoding.ASCII.GetString(Target);

    /// <summary>The headers (names case-insensitive; repeated ones joined with a comma), built on first use.</summary>
    public Dictionary<string, string> Headers => _headers ??= ParseHeaders(_head.AsSpan(_head.AsSpan().IndexOf("\r\n"u8) + 2));

    /// <summary>The query, decoded (repeated names joined with a comma), built on first use.</summary>
    public Dictionary<string, string> Query => _query ??= ParseQuery(Target[(Target.IndexOf((byte)'?') + 1)..]);

    /// <summary>The <c>Sec-WebSocket-Key</c> header (24 ASCII bytes).</summary>
    public ReadOnlySpan<byte> Key => _head.AsSpan(_keyStart, 24);

    /// <summary>The session to upgrade; empty for a new session.</summary>
    public string Sid { get; }

    private ReadOnlySpan<byte> Target => _head.AsSpan(4, _targetLength);

    /// <summary>
    /// Parses the start of the data; null when it is not a request this path takes. The Engine.IO path comes without
    /// a trailing slash, e.g. <c>/socket.io</c>.
    /// </summary>
    public static DirectUpgradeRequest? TryParse(in ReadOnlySequence<byte> data, string enginePath)
    {
        var bounded = data.Length > MaxHeadLength ? data.Slice(0, MaxHeadLength) : data;
        if (bounded.IsSingleSegment) return TryParse(bounded.FirstSpan, enginePath);
        var copy = ArrayPool<byte>.Shared.Rent((int)bounded.Length);
        try
        {
            bounded.CopyTo(copy);
            return TryParse(copy.AsSpan(0, (int)bounded.Length), enginePath);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    internal static DirectUpgradeRequest? TryParse(ReadOnlySpan<byte> data, string enginePath)
    {
        // Cheap rejections first: most connections of an app carry other requests.
        if (!data.StartsWith("GET "u8)) return null;
        int headEnd = data.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0) return null;
        var head = data[..(headEnd + 2)]; // every line, each ending with CRLF
        int lineEnd = head.IndexOf("\r\n"u8);
        var requestLine = head[4..lineEnd];
        int space = requestLine.IndexOf((byte)' ');
        if (space <= 0 || !requestLine[(space + 1)..].SequenceEqual("HTTP/1.1"u8)) return null;
        var target = requestLine[..space];
        if (!IsPlainAscii(target)) return null;

        int queryStart = target.IndexOf((byte)'?');
        if (queryStart < 0) return null;
        var path = target[..queryStart];
        if (path.Length > 0 && path[^1] == (byte)'/') path = path[..^1];
        if (!Ascii.Equals(path, enginePath)) return null;
        if (!CheckQuery(target[(queryStart + 1)..], out var sid)) return null;
        if (!CheckHeaders(head[(lineEnd + 2)..], out int keyOffset)) return null;

        int keyStart = lineEnd + 2 + keyOffset;
        return new DirectUpgradeRequest(head.ToArray(), headEnd + 4, space, keyStart, sid.Length == 0 ? "" : Encoding.ASCII.GetString(sid));
    }

    /// <summary>EIO=4, transport=websocket, an optional plain sid; names and values as sent (escapes go to Kestrel).</summary>
    private static bool CheckQuery(ReadOnlySpan<byte> query, out ReadOnlySpan<byte> sid)
    {
        sid = default;
        bool eio = false, transport = false, sawSid = false;
        foreach (var range in query.Split((byte)'&'))
        {
            var pair = query[range];
            int equals = pair.IndexOf((byte)'=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? default : pair[(equals + 1)..];
            if (name.SequenceEqual("EIO"u8))
            {
                if (eio || !value.SequenceEqual("4"u8)) return false;
                eio = true;
            }
            else if (name.SequenceEqual("transport"u8))
            {
                if (transport || !value.SequenceEqual("websocket"u8)) return false;
                transport = true;
            }
            else if (name.SequenceEqual("sid"u8))
            {
                if (sawSid || value.IndexOfAny("%+"u8) >= 0) return false;
                sawSid = true;
                sid = value;
            }
        }
        return eio && transport;
    }

    /// <summary>Validates the header lines and finds the key; duplicated upgrade headers are left to Kestrel.</summary>
    private static bool CheckHeaders(ReadOnlySpan<byte> lines, out int keyOffset)
    {
        keyOffset = -1;
        bool host = false, upgrade = false, connection = false, version = false;
        int offset = 0, count = 0;
        while (offset < lines.Length)
        {
            if (++count > MaxHeaderCount) return false;
            int end = lines[offset..].IndexOf("\r\n"u8);
            var line = lines.Slice(offset, end);
            if (!TrySplitLine(line, out var name, out var value, out int valueOffset)) return false;
            if (Ascii.EqualsIgnoreCase(name, "Host"u8))
            {
                // Kestrel answers an invalid Host with 400 (RFC 9112 §3.2): only plain ones are taken here.
                if (host || !IsPlainHost(value)) return false;
                host = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                return false; // a body, or anything that could make one, is Kestrel's to handle
            }
            else if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                if (!value.SequenceEqual("0"u8)) return false;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Upgrade"u8))
            {
                if (upgrade || !Ascii.EqualsIgnoreCase(value, "websocket"u8)) return false;
                upgrade = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                if (connection || !HasToken(value, "upgrade"u8)) return false;
                connection = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Version"u8))
            {
                if (version || !value.SequenceEqual("13"u8)) return false;
                version = true;
            }
            else if (Ascii.EqualsIgnoreCase(name, "Sec-WebSocket-Key"u8))
            {
                if (keyOffset >= 0 || !IsValidKey(value)) return false;
                keyOffset = offset + valueOffset;
            }
            offset += end + 2;
        }
        return host && upgrade && connection && version && keyOffset >= 0;
    }

    /// <summary>Splits <c>name: value</c>; false for anything unusual (folding, spaces before the colon, odd bytes).</summary>
    private static bool TrySplitLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value, out int valueOffset)
    {
        name = value = default;
        valueOffset = 0;
        int colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[0] is (byte)' ' or (byte)'\t' || line[colon - 1] is (byte)' ' or (byte)'\t') return false;
        name = line[..colon];
        valueOffset = colon + 1;
        while (valueOffset < line.Length && line[valueOffset] is (byte)' ' or (byte)'\t') valueOffset++;
        value = line[valueOffset..].TrimEnd(" \t"u8);
        return IsToken(name) && IsFieldValue(value);
    }

    private static Dictionary<string, string> ParseQuery(ReadOnlySpan<byte> query)
    {
        var result = new Dictionary<string, string>(4, StringComparer.Ordinal);
        foreach (var range in query.Split((byte)'&'))
        {
            var pair = query[range];
            if (pair.IsEmpty) continue;
            int equals = pair.IndexOf((byte)'=');
            string name = Decode(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (name.Length == 0) continue;
            // Repeated names join with a comma, as ASP.NET's query collection renders them.
            result[name] = result.TryGetValue(name, out var earlier) ? earlier + "," + value : value;
        }
        return result;
    }

    /// <summary>Form-style decoding of a query component: '+' is a space, then percent-escapes.</summary>
    private static string Decode(ReadOnlySpan<byte> component)
    {
        var text = Known(component, KnownValues) ?? Encoding.ASCII.GetString(component);
        if (text.AsSpan().IndexOfAny('+', '%') < 0) return text;
        return Uri.UnescapeDataString(text.Replace('+', ' '));
    }

    private static Dictionary<string, string> ParseHeaders(ReadOnlySpan<byte> lines)
    {
        var headers = new Dictionary<string, string>(12, StringComparer.OrdinalIgnoreCase);
        while (!lines.IsEmpty)
        {
            int end = lines.IndexOf("\r\n"u8);
            TrySplitLine(lines[..end], out var rawName, out var rawValue, out _); // checked when the head was taken
            lines = lines[(end + 2)..];
            string name = KnownIgnoreCase(rawName, KnownHeaderNames) ?? Encoding.ASCII.GetString(rawName);
            string value = Known(rawValue, KnownValues) ?? Encoding.ASCII.GetString(rawValue);
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + "," + value : value;
        }
        return headers;
    }

    private static string? KnownIgnoreCase(ReadOnlySpan<byte> text, string[] candidates)
    {
        foreach (var known in candidates)
            if (Ascii.EqualsIgnoreCase(text, known)) return known;
        return null;
    }

    private static string? Known(ReadOnlySpan<byte> text, string[] candidates)
    {
        foreach (var known in candidates)
            if (Ascii.Equals(text, known)) return known;
        return null;
    }

    private static bool HasToken(ReadOnlySpan<byte> list, ReadOnlySpan<byte> token)
    {
        foreach (var range in list.Split((byte)','))
            if (Ascii.EqualsIgnoreCase(list[range].Trim(" \t"u8), token)) return true;
        return false;
    }

    /// <summary>16 random bytes in base64 (RFC 6455 §4.2.1).</summary>
    private static bool IsValidKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != 24) return false;
        Span<byte> decoded = stackalloc byte[18];
        return Base64.DecodeFromUtf8(key, decoded, out _, out int written) == OperationStatus.Done && written == 16;
    }

    /// <summary><c>name[:port]</c> or <c>[IPv6][:port]</c>; not empty.</summary>
    private static bool IsPlainHost(ReadOnlySpan<byte> value)
    {
        ReadOnlySpan<byte> port;
        if (value.Length > 0 && value[0] == (byte)'[')
        {
            int close = value.IndexOf((byte)']');
            if (close < 0) return false;
            var address = value[1..close];
            if (!address.Contains((byte)':') || address.IndexOfAnyExcept("0123456789abcdefABCDEF:."u8) >= 0 || !IPAddress.IsValidUtf8(address))
                return false;
            port = value[(close + 1)..];
        }
        else
        {
            int colon = value.IndexOf((byte)':');
            var name = colon < 0 ? value : value[..colon];
            if (name.IsEmpty || name.IndexOfAnyExcept(HostNameBytes) >= 0) return false;
            port = value[name.Length..];
        }
        return port.IsEmpty || (port.Length is > 1 and <= 6 && port[0] == (byte)':' && port[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0);
    }

    private static bool IsPlainAscii(ReadOnlySpan<byte> text)
    {
        foreach (byte b in text)
            if (b <= 0x20 || b >= 0x7f) return false;
        return true;
    }

    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (byte b in name)
            if (b <= 0x20 || b >= 0x7f || "\"(),/:;<=>?@[\\]{}"u8.Contains(b)) return false;
        return true;
    }

    // Visible ASCII, spaces and tabs: anything else (controls, bytes above 0x7e) goes to Kestrel, whose own rules apply.
    private static bool IsFieldValue(ReadOnlySpan<byte> value)
    {
        foreach (byte b in value)
            if ((b < 0x20 && b != (byte)'\t') || b >= 0x7f) return false;
        return true;
    }
}
