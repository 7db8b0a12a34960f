using System.Globalization;
using System.Text;

namespace VideoConf.Application;

/// <summary>
/// Turns a client-supplied file name into a safe display and download name. It is never used as a path (files are
/// stored under generated keys); the rules here are about what a user sees and what their browser or OS saves.
/// </summary>
internal static class FileNames
{
    private const int MaxLength = 200;
    private const string Fallback = "file";

    /// <summary>Names Windows reserves for devices, whatever the extension ("con.txt" opens the console).</summary>
    private static readonly HashSet<string> ReservedStems = new(
        ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
         .. Enumerable.Range(0, 10).SelectMany(i => new[] { $"COM{i}", $"LPT{i}" }),
         .. "¹²³".SelectMany(d => new[] { $"COM{d}", $"LPT{d}" })],
        StringComparer.OrdinalIgnoreCase);

    public static string Sanitize(string? name)
    {
        // Only the last segment: browsers may send "C:\fakepath\x.pdf" or a relative path.
        var last = (name ?? "").Replace('\\', '/').Split('/')[^1];
        var invalid = Path.GetInvalidFileNameChars();
        var builder = new StringBuilder(last.Length);
        // By rune: an unpaired surrogate comes out as U+FFFD instead of making Normalize throw.
        foreach (var rune in last.EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                // Bidi overrides/isolates (U+202E turns "exe.txt" around on screen), zero-width characters, BOMs,
                // and line/paragraph separators: invisible or misleading in a name, so dropped.
                case UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                    continue;
                case UnicodeCategory.Control or UnicodeCategory.Surrogate:
                    builder.Append('_');
                    continue;
            }
            if (rune.IsAscii && (invalid.Contains((char)rune.Value) || (char)rune.Value is '"' or '<' or '>' or '|' or ':' or '*' or '?'))
                builder.Append('_');
            else
                builder.Append(rune.ToString());
        }

        // Windows drops trailing dots and spaces (so "x.exe. ." is "x.exe"); a leading dot hides the file elsewhere.
        var cleaned = TrimDotsAndSpaces(builder.ToString().Normalize(NormalizationForm.FormC));
        if (cleaned.Length > MaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            if (extension.Length > 20) extension = "";
            var keep = MaxLength - extension.Length;
            // Never cut a surrogate pair in half: the name goes into a header.
            if (char.IsHighSurrogate(cleaned[keep - 1])) keep--;
            cleaned = TrimDotsAndSpaces(cleaned[..keep]) + extension;
        }
        if (cleaned.Length == 0) return Fallback;

        var stem = cleaned.Split('.')[0].TrimEnd();
        return ReservedStems.Contains(stem) ? "_" + cleaned : cleaned;
    }

    private static string TrimDotsAndSpaces(string value)
    {
        string before;
        do
        {
            before = value;
            value = value.Trim().Trim('.');
        } while (value.Length != before.Length);
        return value;
    }
}
