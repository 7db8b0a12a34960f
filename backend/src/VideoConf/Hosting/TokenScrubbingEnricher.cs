using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace VideoConf.Hosting;

/// <summary>
/// Masks tokens in every log event's string properties: the Socket.IO handshake carries <c>token=</c> in its query
/// string, and framework loggers may record URLs or headers. Runs on all events, so no logger can leak one.
/// </summary>
internal sealed partial class TokenScrubbingEnricher : ILogEventEnricher
{
    private const string Mask = "***";

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string text } && Scrub(text) is var scrubbed && !ReferenceEquals(scrubbed, text))
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(scrubbed)));
        }
    }

    /// <summary>The text with token values masked; the same instance when there was nothing to mask.</summary>
    public static string Scrub(string text)
    {
        if (!text.Contains("token", StringComparison.OrdinalIgnoreCase)
            && !text.Contains("bearer", StringComparison.OrdinalIgnoreCase)
            && !text.Contains("eyJ", StringComparison.Ordinal))
            return text;

        var result = QueryToken().Replace(text, "$1" + Mask);
        result = BearerToken().Replace(result, "$1" + Mask);
        result = Jwt().Replace(result, Mask);
        return result == text ? text : result;
    }

    [GeneratedRegex(@"((?:^|[?&;\s])[\w.]*token=)[^&\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex QueryToken();

    [GeneratedRegex(@"(bearer\s+)\S+", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    // A JWT anywhere else (three base64url parts, the header always starting with "eyJ").
    [GeneratedRegex(@"eyJ[\w-]*\.[\w-]*\.[\w-]*")]
    private static partial Regex Jwt();
}
