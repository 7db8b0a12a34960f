using System.Text;
using System.Text.Json;

namespace LoadGen.Suite;

/// <summary>
/// Compares two results files metric by metric (matched on scenario, case, server and metric): old median, new
/// median, the change, and whether it is a real change — beyond the larger of the two run-to-run spreads — for the
/// better or the worse.
/// </summary>
internal static class Compare
{
    public static string Render(string oldPath, string newPath)
    {
        var older = Load(oldPath);
        var newer = Load(newPath);
        var sb = new StringBuilder();
        sb.AppendLine($"old: {oldPath} ({older.Profile}, {older.Timestamp})");
        sb.AppendLine($"new: {newPath} ({newer.Profile}, {newer.Timestamp})");
        if (older.Profile != newer.Profile) sb.AppendLine("warning: different profiles; only cases with the same name are compared");
        sb.AppendLine();
        sb.AppendLine($"{"server",-10} {"scenario",-8} {"case",-40} {"metric",-34} {"old",12} {"new",12} {"change",8}  verdict");
        foreach (var n in newer.Results)
        {
            var o = older.Results.FirstOrDefault(r => r.Scenario == n.Scenario && r.Case == n.Case && r.Server == n.Server);
            if (o is null) continue;
            foreach (var (metric, ns) in n.Metrics)
            {
                if (!o.Metrics.TryGetValue(metric, out var os)) continue;
                var change = os.Median == 0 ? double.NaN : (ns.Median - os.Median) / Math.Abs(os.Median);
                sb.AppendLine($"{n.Server,-10} {n.Scenario,-8} {Clip(n.Case, 40),-40} {Clip(metric, 34),-34} {Format.Number(os.Median),12} {Format.Number(ns.Median),12} {Signed(change),8}  {Verdict(metric, change, os, ns)}");
            }
        }
        return sb.ToString();
    }

    private static string Verdict(string metric, double change, MetricSummary o, MetricSummary n)
    {
        if (double.IsNaN(change)) return "";
        var noise = Math.Max(double.IsNaN(o.Spread) ? 0 : o.Spread, double.IsNaN(n.Spread) ? 0 : n.Spread);
        if (Math.Abs(change) <= noise) return "~ (within spread)";
        var better = Metric.LowerIsBetter(metric) ? change < 0 : change > 0;
        return Metric.IsInformational(metric) ? "(info)" : better ? "better" : "WORSE";
    }

    private static string Signed(double v) => double.IsNaN(v) ? "-" : (v >= 0 ? "+" : "-") + Format.Percent(Math.Abs(v));

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    private static ResultsFile Load(string path) =>
        JsonSerializer.Deserialize<ResultsFile>(File.ReadAllText(path), ResultsJson.Options)
        ?? throw new InvalidDataException($"{path} is not a results file");
}
