using System.Text.Json.Serialization;

namespace LoadGen.Suite;

/// <summary>The metrics of one run of one case on one server (metric name → value).</summary>
internal sealed class RunMetrics
{
    public Dictionary<string, double> Values { get; } = new();
    public List<string> Notes { get; } = new();

    public double this[string metric] { set => Values[metric] = value; }
}

/// <summary>
/// The results file (bench/results/&lt;timestamp&gt;.json). Schema version 1, documented in bench/README.md.
/// Two files compare by (scenario, case, server, metric).
/// </summary>
internal sealed class ResultsFile
{
    public int Schema { get; set; } = 1;
    public string Timestamp { get; set; } = "";
    public string Profile { get; set; } = "";
    public MachineInfo Machine { get; set; } = new();
    public Dictionary<string, ServerInfo> Servers { get; set; } = new();
    public List<CaseResult> Results { get; set; } = new();
    public List<RatioRow> Ratios { get; set; } = new();
}

internal sealed class MachineInfo
{
    public int Cpus { get; set; }
    public string ServerCpus { get; set; } = "";
    public string GeneratorCpus { get; set; } = "";
    public string Kernel { get; set; } = "";
    public string Dotnet { get; set; } = "";
    public string Node { get; set; } = "";
    public long FdLimit { get; set; }
}

internal sealed class ServerInfo
{
    public string Kind { get; set; } = "";
    public string Description { get; set; } = "";
    public string Command { get; set; } = "";
}

/// <summary>One case on one server: each metric summarised over the runs.</summary>
internal sealed class CaseResult
{
    public string Scenario { get; set; } = "";
    public string Case { get; set; } = "";
    public string Server { get; set; } = "";
    public Dictionary<string, MetricSummary> Metrics { get; set; } = new();
    public List<string> Notes { get; set; } = new();

    /// <summary>Every run's value per metric while the suite runs; the file keeps them in <see cref="Metrics"/>.</summary>
    [JsonIgnore]
    public Dictionary<string, List<double>> RunValues { get; } = new();

    public void Summarise() => Metrics = RunValues.ToDictionary(kv => kv.Key, kv => MetricSummary.Of(kv.Key, kv.Value));
}

internal sealed class MetricSummary
{
    public double Median { get; set; }
    public double Min { get; set; }
    public double Max { get; set; }
    /// <summary>(max − min) / median: the run-to-run spread, as a fraction.</summary>
    public double Spread { get; set; }
    public List<double> Runs { get; set; } = new();
    public bool LowerIsBetter { get; set; }

    public static MetricSummary Of(string metric, IReadOnlyList<double> runs)
    {
        var sorted = runs.Where(double.IsFinite).OrderBy(v => v).ToList();
        if (sorted.Count == 0) return new MetricSummary { Median = double.NaN, Min = double.NaN, Max = double.NaN, Spread = double.NaN, Runs = runs.ToList(), LowerIsBetter = Metric.LowerIsBetter(metric) };
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return new MetricSummary
        {
            Median = median,
            Min = sorted[0],
            Max = sorted[^1],
            Spread = median == 0 ? 0 : (sorted[^1] - sorted[0]) / Math.Abs(median),
            Runs = runs.ToList(),
            LowerIsBetter = Metric.LowerIsBetter(metric),
        };
    }
}

/// <summary>ours / theirs for one metric (medians): below 1 is better for "lower is better" metrics.</summary>
internal sealed class RatioRow
{
    public string Scenario { get; set; } = "";
    public string Case { get; set; } = "";
    public string Metric { get; set; } = "";
    public double Ours { get; set; }
    public double Theirs { get; set; }
    public double Ratio { get; set; }
    public bool LowerIsBetter { get; set; }
}

/// <summary>Metric naming: rates end in <c>_per_s</c> (higher is better); everything else is a cost (lower is better).</summary>
internal static class Metric
{
    public static bool LowerIsBetter(string metric) => !metric.EndsWith("_per_s", StringComparison.Ordinal);

    /// <summary>Informational metrics that say how a run went rather than how good the server is.</summary>
    public static bool IsInformational(string metric) => metric.StartsWith("gen_", StringComparison.Ordinal) || metric.EndsWith("_pct", StringComparison.Ordinal);
}
