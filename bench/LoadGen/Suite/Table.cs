using System.Text;

namespace LoadGen.Suite;

/// <summary>Prints the results as a plain-text table: one row per metric, one column per server, then ours/theirs.</summary>
internal static class Table
{
    private static readonly string[] ServerOrder = ["tether", "tether-conn", "tether-http", "node", "kestrel-ws", "node-ws"];

    public static string Render(ResultsFile file)
    {
        var servers = ServerOrder.Where(s => file.Results.Any(r => r.Server == s)).ToList();
        var rows = new List<string[]>();
        var header = new[] { "scenario", "case", "metric" }.Concat(servers).Append("ours/theirs").ToArray();
        foreach (var group in file.Results.Where(r => r.Scenario != "contract").GroupBy(r => (r.Scenario, r.Case)))
        {
            var metrics = group.SelectMany(r => r.Metrics.Keys).Distinct().ToList();
            foreach (var metric in metrics)
            {
                var row = new List<string> { group.Key.Scenario, group.Key.Case, metric + (Metric.LowerIsBetter(metric) ? "" : " (+)") };
                foreach (var s in servers)
                    row.Add(Format.Summary(group.FirstOrDefault(r => r.Server == s)?.Metrics.GetValueOrDefault(metric)));
                var ratio = file.Ratios.FirstOrDefault(x => x.Scenario == group.Key.Scenario && x.Case == group.Key.Case && x.Metric == metric);
                row.Add(ratio is null ? "" : Format.Number(ratio.Ratio));
                rows.Add(row.ToArray());
            }
        }

        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(string[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
                sb.Append(i < 3 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i])).Append("  ");
            sb.Length -= 2;
            sb.AppendLine();
        }
        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        string? previous = null;
        foreach (var r in rows)
        {
            if (previous is not null && previous != r[0] + r[1]) sb.AppendLine();
            previous = r[0] + r[1];
            Line(r);
        }
        sb.AppendLine();
        sb.AppendLine("Values: median of the runs ±spread ((max-min)/median). (+) higher is better; every other metric is a cost, lower is better.");
        sb.AppendLine("ours/theirs = tether/node on the medians. *_cpu_* = server CPU (utime+stime) per operation; gen_cpu_pct = the generator's own core use.");

        var notes = file.Results.Where(r => r.Notes.Count > 0).ToList();
        if (notes.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Notes:");
            foreach (var r in notes)
                foreach (var n in r.Notes.Distinct())
                    sb.AppendLine($"  [{r.Server}] {r.Scenario} {r.Case}: {n}");
        }
        return sb.ToString();
    }
}
