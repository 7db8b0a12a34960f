namespace LoadGen.Suite;

/// <summary>ours / theirs on the medians, for every metric both servers have (informational metrics excluded).</summary>
internal static class Ratios
{
    public static List<RatioRow> Compute(IReadOnlyList<CaseResult> results, string ours, string theirs)
    {
        var rows = new List<RatioRow>();
        foreach (var o in results.Where(r => r.Server == ours && r.Scenario != "contract"))
        {
            var t = results.FirstOrDefault(r => r.Server == theirs && r.Scenario == o.Scenario && r.Case == o.Case);
            if (t is null) continue;
            foreach (var (metric, os) in o.Metrics)
            {
                if (Metric.IsInformational(metric) || !t.Metrics.TryGetValue(metric, out var ts)) continue;
                rows.Add(new RatioRow
                {
                    Scenario = o.Scenario,
                    Case = o.Case,
                    Metric = metric,
                    Ours = os.Median,
                    Theirs = ts.Median,
                    Ratio = ts.Median == 0 ? double.NaN : os.Median / ts.Median,
                    LowerIsBetter = Metric.LowerIsBetter(metric),
                });
            }
        }
        return rows;
    }
}
