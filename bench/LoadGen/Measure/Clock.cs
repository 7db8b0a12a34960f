using System.Diagnostics;

namespace LoadGen.Measure;

/// <summary>
/// Microseconds on the generator's monotonic clock. The generator stamps a payload with this value and reads it back
/// when the payload returns, so only the generator's own clock is ever compared: no cross-process clock skew.
/// </summary>
internal static class Clock
{
    private static readonly long Origin = Stopwatch.GetTimestamp();
    private static readonly double TicksPerMicro = Stopwatch.Frequency / 1_000_000.0;

    public static long NowUs() => (long)((Stopwatch.GetTimestamp() - Origin) / TicksPerMicro);
}
