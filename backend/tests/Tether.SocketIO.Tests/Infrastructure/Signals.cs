namespace Tether.SocketIO.Tests.Infrastructure;

/// <summary>Awaiting helpers with timeouts (no sleeps as synchronisation).</summary>
internal static class Signals
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static TaskCompletionSource<T> Create<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Task<T> WithTimeout<T>(this TaskCompletionSource<T> source) => source.Task.WaitAsync(Timeout);

    public static Task WithTimeout(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> WithTimeout<T>(this Task<T> task) => task.WaitAsync(Timeout);
}
