using System.Globalization;

namespace LoadGen.Suite;

/// <summary>Number formatting for the terminal: a few significant digits, whatever the magnitude.</summary>
internal static class Format
{
    public static string Number(double v)
    {
        if (double.IsNaN(v)) return "-";
        var a = Math.Abs(v);
        var format = a >= 1000 ? "N0" : a >= 100 ? "F0" : a >= 10 ? "F1" : a >= 1 ? "F2" : "F3";
        return v.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "" : (fraction * 100).ToString(fraction < 0.1 ? "F1" : "F0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Median with the run-to-run spread, e.g. <c>1,234 ±3.1%</c> (spread = (max − min) / median).</summary>
    public static string Summary(MetricSummary? s) =>
        s is null ? "" : s.Runs.Count > 1 && s.Max > s.Min ? $"{Number(s.Median)} ±{Percent(s.Spread)}" : Number(s.Median);
}
