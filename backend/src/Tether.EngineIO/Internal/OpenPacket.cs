using System.Globalization;
using System.Text.Unicode;

namespace Tether.EngineIO.Internal;

/// <summary>Builds the JSON of the open packet (without the leading <c>0</c>).</summary>
internal static class OpenPacket
{
    public static byte[] BuildJson(string sid, bool offerWebSocketUpgrade, EngineIOOptions options)
    {
        // Formatted as UTF-8 straight into a stack buffer: one array per handshake, no intermediate string. The sid is
        // one of ours (SessionId: short base64url, no JSON escaping needed); the rest is at most ~140 bytes.
        Span<byte> buffer = stackalloc byte[192 + sid.Length];
        var upgrades = offerWebSocketUpgrade ? "[\"websocket\"]" : "[]";
        var done = Utf8.TryWrite(buffer, CultureInfo.InvariantCulture,
            $"{{\"sid\":\"{sid}\",\"upgrades\":{upgrades},\"pingInterval\":{(long)options.PingInterval.TotalMilliseconds},\"pingTimeout\":{(long)options.PingTimeout.TotalMilliseconds},\"maxPayload\":{options.MaxHttpBufferSize}}}",
            out var written);
        if (!done) throw new InvalidOperationException("The open packet did not fit its buffer."); // cannot happen: bounded above
        return buffer[..written].ToArray();
    }
}
