using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Keeps the server's warnings and errors (instead of printing them), so a failing test can show what the server
/// complained about, and a test can assert the server stayed quiet.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    // TETHER_TEST_LOG_LEVEL=Debug captures more when diagnosing a failure.
    internal static readonly LogLevel MinimumLevel =
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("TETHER_TEST_LOG_LEVEL"), out var level) ? level : LogLevel.Warning;

    /// <summary>Reports <c>log {level, category, message, exception}</c>.</summary>
    public EventLog Log { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel && !category.StartsWith("Microsoft", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            owner.Log.Add(new JsonObject
            {
                ["type"] = "log", ["level"] = logLevel.ToString(), ["category"] = category,
                ["message"] = formatter(state, exception), ["exception"] = exception?.ToString(),
            });
        }
    }
}
