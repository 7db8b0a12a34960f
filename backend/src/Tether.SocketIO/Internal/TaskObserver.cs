using Microsoft.Extensions.Logging;

namespace Tether.SocketIO.Internal;

/// <summary>
/// Lets handler tasks run on without blocking the read loop, and logs their failures: a faulted task is never left
/// unobserved and never awaited by the caller.
/// </summary>
internal static class TaskObserver
{
    public static void Observe(Task task, Socket socket, string eventName)
    {
        if (task.IsCompletedSuccessfully) return;
        if (task.IsCompleted)
        {
            LogFailure(task, socket, eventName);
            return;
        }
        task.ContinueWith(
            static (t, state) =>
            {
                var (s, name) = ((Socket, string))state!;
                LogFailure(t, s, name);
            },
            (socket, eventName),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public static void Observe(ValueTask task, Socket socket, string eventName)
    {
        if (task.IsCompletedSuccessfully) return;
        Observe(task.AsTask(), socket, eventName);
    }

    /// <summary>Observes a background task with a plain logger callback.</summary>
    public static void Observe(Task task, ILogger logger, Action<ILogger, Exception> log)
    {
        if (task.IsCompletedSuccessfully) return;
        task.ContinueWith(
            t =>
            {
                if (t.Exception is { } ex) log(logger, ex.InnerException ?? ex);
            },
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static void LogFailure(Task task, Socket socket, string eventName)
    {
        // A cancelled handler (typically the disconnect token firing) is not an error.
        if (task.Exception is not { } ex) return;
        Log.EventHandlerFailed(socket.Logger, eventName, socket.Id, ex.InnerException ?? ex);
    }
}
