using System.Globalization;
using System.Text;

namespace Tether.EngineIO.Internal;

/// <summary>Builds the JSON of the open packet (without the leading <c>0</c>).</summary>
internal static class OpenPacket
{
    public static byte[] BuildJson(string sid, bool offerWebSocketUpgrade, EngineIOOptions options)
    {
        // The sid is base64url, so it needs no JSON escaping.
        var json = string.Create(CultureInfo.InvariantCulture,
            $"{{\"sid\":\"{sid}\",\"upgrades\":{(offerWebSocketUpgrade ? "[\"websocket\"]" : "[]")},\"pingInterval\":{(long)options.PingInterval.TotalMilliseconds},\"pingTimeout\":{(long)options.PingTimeout.TotalMilliseconds},\"maxPayload\":{options.MaxHttpBufferSize}}}");
        return Encoding.UTF8.GetBytes(json);
    }
}
