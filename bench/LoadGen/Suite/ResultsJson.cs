using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoadGen.Suite;

/// <summary>How results files are written and read: camelCase, indented, NaN kept as the string "NaN".</summary>
internal static class ResultsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Writes bench/results/&lt;timestamp&gt;.json (UTC, sortable) and returns its path.</summary>
    public static string Write(ResultsFile file, string directory)
    {
        Directory.CreateDirectory(directory);
        // Named after the run's start, like its log folder.
        var started = DateTime.Parse(file.Timestamp, null, System.Globalization.DateTimeStyles.RoundtripKind);
        var path = Path.Combine(directory, started.ToUniversalTime().ToString("yyyyMMdd-HHmmss") + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(file, Options));
        return path;
    }
}
