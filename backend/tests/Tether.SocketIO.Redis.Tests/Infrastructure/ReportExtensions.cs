using System.Text.Json.Nodes;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>Reading reports.</summary>
public static class ReportExtensions
{
    public static string? Type(this JsonObject report) => report["type"]?.GetValue<string>();

    public static string? Str(this JsonObject report, string name) => report[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static bool IsEvent(this JsonObject report, string eventName) => report.Type() == "event" && report.Str("event") == eventName;
}
