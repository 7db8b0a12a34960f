namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>Bounds for every wait, so that a broken cluster fails a test quickly instead of hanging it.</summary>
internal static class Timeouts
{
    /// <summary>The longest any single expected thing (an event, a connection, a reconnection) may take.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Default;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for {description}.");
            await Task.Delay(50);
        }
    }
}
