using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace VideoConf.Tests.Infrastructure;

/// <summary>Keeps every log event of a test host (picked up by the app's <c>ReadFrom.Services</c>).</summary>
internal sealed class CapturingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    public IReadOnlyList<LogEvent> Events => _events.ToArray();

    /// <summary>Every event as rendered text plus its properties, which is what a sink could write.</summary>
    public IEnumerable<string> RenderedWithProperties() =>
        Events.Select(e => e.RenderMessage() + " " + string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}")) + " " + e.Exception);
}
