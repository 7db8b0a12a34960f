using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tether.SocketIO.Tests.Infrastructure;

/// <summary>Keeps every log entry at Warning or above so a test can assert what the server complained about.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, int EventId, string Message, Exception? Exception)> Entries { get; } = new();

    public IEnumerable<string> Errors => Entries
        .Where(e => e.Level >= LogLevel.Error)
        .Select(e => $"{e.Level} {e.Category}[{e.EventId}]: {e.Message} {e.Exception}");

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Entries.Enqueue((logLevel, category, eventId.Id, formatter(state, exception), exception));
        }
    }
}
