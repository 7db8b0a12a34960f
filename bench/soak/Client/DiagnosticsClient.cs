using System.Net;
using System.Text.Json;

namespace Soak.Client;

/// <summary>One answer of <c>GET /api/diagnostics/memory</c> (taken right after a full blocking, compacting GC).</summary>
public sealed record ManagedMemory(long ManagedBytes, long RssBytes, long GcCount, double GcPauseMs);

/// <summary>
/// <c>GET /api/diagnostics/memory</c> on one server, called directly (never through a proxy: the app answers 403 to a
/// relayed request). The app serves it only with <c>Diagnostics__Enabled=true</c>, 404 otherwise. Each call stalls the
/// whole server for a forced compacting GC, so the soak calls it only between phases, never while the load runs.
/// </summary>
public static class DiagnosticsClient
{
    public const string Path = "/api/diagnostics/memory";

    // Its own client: no pooled connection of the load is reused, and a GC of a large heap may take a while.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>The reading, or the status code (null: no answer at all) and why there is none.</summary>
    public static async Task<(ManagedMemory? Memory, HttpStatusCode? Status, string? Error)> GetAsync(Uri server, CancellationToken ct = default)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(server, Path), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) return (null, response.StatusCode, $"{(int)response.StatusCode} {Truncate(text)}");
            var body = JsonDocument.Parse(text).RootElement;
            return (new ManagedMemory(
                body.GetProperty("managedBytes").GetInt64(),
                body.GetProperty("rssBytes").GetInt64(),
                body.GetProperty("gcCount").GetInt64(),
                body.TryGetProperty("gcPauseMs", out var pause) ? pause.GetDouble() : 0), response.StatusCode, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                       || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return (null, null, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
