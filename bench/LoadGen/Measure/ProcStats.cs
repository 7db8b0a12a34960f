namespace LoadGen.Measure;

/// <summary>
/// CPU and memory of a process from /proc. CPU is utime+stime of the whole process (all threads, including the ones
/// that already exited) in clock ticks; on Linux USER_HZ is 100, so one tick is 10 ms — phases are long enough
/// (seconds, thousands of operations) that this granularity stays in the noise. RSS is VmRSS from /proc/pid/status.
/// </summary>
internal static class ProcStats
{
    private const double MicrosPerTick = 1_000_000.0 / 100; // USER_HZ; checked with `getconf CLK_TCK`

    /// <summary>User + system CPU time of the process so far, in microseconds.</summary>
    public static double CpuMicros(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // rest[0] is field 3 (state), so utime (field 14) is rest[11] and stime (field 15) rest[12].
        return (long.Parse(rest[11]) + long.Parse(rest[12])) * MicrosPerTick;
    }

    /// <summary>Resident set size in KiB.</summary>
    public static long RssKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim());
        }
        throw new InvalidOperationException($"no VmRSS for pid {pid}");
    }
}
