using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tether.EngineIO.WebSockets;

/// <summary>
/// The server side of the WebSocket opening handshake: RFC 6455 over HTTP/1.1 (Kestrel's raw upgrade), or RFC 8441
/// extended CONNECT over HTTP/2 (which browsers use when the server advertises it, as Kestrel does). Both yield a raw
/// stream carrying the same frames.
/// </summary>
internal static class WebSocketHandshake
{
    private static readonly byte[] AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();

    /// <summary>Whether the request asks for a WebSocket upgrade that this server can perform.</summary>
    public static bool IsUpgradeRequest(HttpContext context)
    {
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
            return string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is null || !upgrade.IsUpgradableRequest) return false;
        return string.Equals(context.Request.Headers.Upgrade.ToString(), "websocket", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Checks the version and key headers; returns the key when they are valid (HTTP/2 has no key: it is then empty).
    /// </summary>
    public static bool TryGetKey(HttpContext context, out string key)
    {
        var headers = context.Request.Headers;
        key = headers.SecWebSocketKey.ToString().Trim();
        if (headers.SecWebSocketVersion.ToString() != "13") return false;
        if (IsExtendedConnect(context)) return true;
        if (!HttpMethods.IsGet(context.Request.Method)) return false;
        // The key must be 16 random bytes in base64.
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
    }

    /// <summary>Computes <c>Sec-WebSocket-Accept</c>: base64(SHA-1(key + GUID)).</summary>
    public static string ComputeAccept(string key)
    {
        Span<byte> input = stackalloc byte[24];
        int written = Encoding.ASCII.GetBytes(key, input);
        Span<byte> accept = stackalloc byte[AcceptLength];
        ComputeAccept(input[..written], accept);
        return Encoding.ASCII.GetString(accept);
    }

    /// <summary>The length of <c>Sec-WebSocket-Accept</c>: a SHA-1 hash in base64.</summary>
    public const int AcceptLength = 28;

    /// <summary>Writes <c>Sec-WebSocket-Accept</c> for an ASCII <paramref name="key"/> (at most 24 bytes) into <paramref name="accept"/>.</summary>
    public static void ComputeAccept(ReadOnlySpan<byte> key, Span<byte> accept)
    {
        Span<byte> input = stackalloc byte[24 + 36];
        key.CopyTo(input);
        AcceptGuid.CopyTo(input[key.Length..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input[..(key.Length + AcceptGuid.Length)], hash);
        System.Buffers.Text.Base64.EncodeToUtf8(hash, accept, out _, out _);
    }

    /// <summary>Whether this is an HTTP/2 WebSocket request (RFC 8441), whose method is CONNECT.</summary>
    public static bool IsExtendedConnect(HttpContext context)
        => context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true };

    /// <summary>
    /// Sends the 101 response (HTTP/1.1) or the 200 response (HTTP/2) — no extension, no subprotocol — and returns the
    /// raw duplex stream.
    /// </summary>
    public static Task<Stream> AcceptAsync(HttpContext context, string key)
    {
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
            return connect.AcceptAsync().AsTask();
        var headers = context.Response.Headers;
        headers.Connection = "Upgrade";
        headers.Upgrade = "websocket";
        headers.SecWebSocketAccept = ComputeAccept(key);
        return context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
    }
}
