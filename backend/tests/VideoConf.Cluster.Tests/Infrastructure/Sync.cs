using System.Text.Json;
using Soak.Client;

namespace VideoConf.Cluster.Tests.Infrastructure;

/// <summary>
/// "Exactly once" without sleeping: a marker chat message is sent after the action under test, through the given
/// process; once every client has the marker, everything emitted before it through that process has arrived too
/// (one publisher's messages reach each subscriber in order), so counting is final.
/// </summary>
public static class Sync
{
    public static async Task MarkerAsync(ApiUser sender, string sessionId, params SioClient[] clients)
    {
        var marker = await SendMarkerAsync(sender, sessionId);
        foreach (var client in clients) await client.WaitForAsync("chat-message-added", m => Text(m) == marker);
    }

    public static async Task MarkerAsync(ApiUser sender, string sessionId, params RawSocketIOClient[] clients)
    {
        var marker = await SendMarkerAsync(sender, sessionId);
        foreach (var client in clients) await client.WaitForAsync("chat-message-added", m => Text(m) == marker, Timeouts.Event);
    }

    public static int CountWithId(IEnumerable<JsonElement> payloads, string id) =>
        payloads.Count(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("_id", out var value) && value.GetString() == id);

    public static string Id(JsonElement element) => element.GetProperty("_id").GetString()!;

    public static string? Text(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("text", out var t) ? t.GetString() : null;

    private static async Task<string> SendMarkerAsync(ApiUser sender, string sessionId)
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await sender.SendMessageAsync(sessionId, marker);
        return marker;
    }
}
