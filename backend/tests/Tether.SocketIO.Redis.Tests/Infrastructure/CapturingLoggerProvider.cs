using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>Keeps a server's log lines (Information and above) as reports, for assertions and failure messages.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public EventLog Log { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            provider.Log.Add(new JsonObject
            {
                ["type"] = "log", ["level"] = logLevel.ToString(), ["category"] = category, ["eventId"] = eventId.Id,
                ["message"] = formatter(state, exception), ["exception"] = exception?.GetType().Name,
            });
        }
    }
}
