using Microsoft.Extensions.Logging;

namespace Tether.EngineIO.Tests.Infrastructure;

/// <summary>
/// A logger provider that records the names of the events the server logs, so that a test can await one (the
/// server's own word that something happened) instead of sleeping past the moment it should have.
/// </summary>
public sealed class LogEvents : ILoggerProvider, ILogger
{
    private readonly Lock _gate = new();
    private readonly List<string> _seen = [];
    private readonly List<(string Name, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Completes when an event named <paramref name="eventName"/> was logged (before or after the call).</summary>
    public Task WaitForAsync(string eventName, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_seen.Contains(eventName)) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventName, done));
            return done.Task.WaitAsync(timeout);
        }
    }

    void ILogger.Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Name is not { } name) return;
        lock (_gate)
        {
            _seen.Add(name);
            foreach (var (wanted, done) in _waiters)
                if (wanted == name) done.TrySetResult();
        }
    }

    bool ILogger.IsEnabled(LogLevel logLevel) => true;

    IDisposable? ILogger.BeginScope<TState>(TState state) => null;

    ILogger ILoggerProvider.CreateLogger(string categoryName) => this;

    void IDisposable.Dispose()
    {
    }
}
