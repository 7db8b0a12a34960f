using System.Text.Json;

namespace Tether.SocketIO.Parsing;

/// <summary>The JSON settings Socket.IO needs: byte containers become binary attachments.</summary>
internal static class SocketIOJson
{
    private static JsonSerializerOptions? s_default;

    /// <summary>A shared, read-only instance of <see cref="CreateDefaultOptions"/> for callers without options.</summary>
    public static JsonSerializerOptions DefaultOptions
    {
        get
        {
            if (s_default is { } existing) return existing;
            var created = CreateDefaultOptions();
            created.MakeReadOnly(populateMissingResolver: true);
            return Interlocked.CompareExchange(ref s_default, created, null) ?? created;
        }
    }

    /// <summary>New options: <see cref="JsonSerializerDefaults.Web"/> plus the Socket.IO converters.</summary>
    public static JsonSerializerOptions CreateDefaultOptions() =>
        AddSocketIOConverters(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// Adds the attachment converters (byte[], ReadOnlyMemory&lt;byte&gt;, Memory&lt;byte&gt;, ArraySegment&lt;byte&gt;)
    /// in front of any others, so they win over user converters for the same types. Idempotent.
    /// </summary>
    /// <exception cref="InvalidOperationException">The options are read-only (already used) and lack the converters.</exception>
    public static JsonSerializerOptions AddSocketIOConverters(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (HasSocketIOConverters(options)) return options;
        if (options.IsReadOnly)
            throw new InvalidOperationException("The JsonSerializerOptions are already in use (read-only); add the Socket.IO converters before serialising with them.");
        options.Converters.Insert(0, new AttachmentConverterFactory());
        return options;
    }

    /// <summary>Whether <paramref name="options"/> already holds the attachment converters.</summary>
    public static bool HasSocketIOConverters(JsonSerializerOptions options)
    {
        foreach (var converter in options.Converters)
            if (converter is AttachmentConverterFactory) return true;
        return false;
    }
}
