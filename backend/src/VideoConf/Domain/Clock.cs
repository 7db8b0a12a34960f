namespace VideoConf.Domain;

/// <summary>
/// Timestamps truncated to whole milliseconds, the precision both stores keep, so a value reads back exactly as it
/// was written and API output does not change after a restart.
/// </summary>
internal static class Clock
{
    public static DateTime UtcNow()
    {
        var ticks = DateTime.UtcNow.Ticks;
        return new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }
}
