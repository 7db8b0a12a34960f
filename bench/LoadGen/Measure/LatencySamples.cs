namespace LoadGen.Measure;

/// <summary>
/// Latency samples in microseconds, recorded without locks from any thread into a preallocated array (bounded: the
/// samples past the capacity are counted but dropped, so a run can never grow memory without limit).
/// Percentiles are exact over the kept samples (sorted once at the end).
/// </summary>
internal sealed class LatencySamples(int capacity)
{
    private readonly long[] _data = new long[capacity];
    private int _count;

    public int Count => Math.Min(Volatile.Read(ref _count), _data.Length);

    public void Add(long micros)
    {
        var i = Interlocked.Increment(ref _count) - 1;
        if (i < _data.Length) _data[i] = micros;
    }

    /// <summary>The p-th percentile (0..100) in milliseconds, or NaN when there are no samples.</summary>
    public double PercentileMs(double p)
    {
        var n = Count;
        if (n == 0) return double.NaN;
        var sorted = _data.AsSpan(0, n);
        sorted.Sort();
        var rank = (int)Math.Ceiling(p / 100.0 * n) - 1;
        return sorted[Math.Clamp(rank, 0, n - 1)] / 1000.0;
    }
}
