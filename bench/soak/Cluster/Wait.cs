namespace Soak.Cluster;

/// <summary>Bounded polling: every wait in the harness ends, with a clear message when it fails.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<Task<bool>> condition, string description, TimeSpan timeout, CancellationToken ct = default,
        TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for {description}.");
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100), ct);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string description, TimeSpan timeout, CancellationToken ct = default,
        TimeSpan? interval = null) => UntilAsync(() => Task.FromResult(condition()), description, timeout, ct, interval);
}
