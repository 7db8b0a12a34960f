using System.Text;

namespace VideoConf.Application;

/// <summary>Turns a client-supplied file name into a safe display and download name (never used as a path).</summary>
internal static class FileNames
{
    private const int MaxLength = 200;
    private const string Fallback = "file";

    public static string Sanitize(string? name)
    {
        // Only the last segment: browsers may send "C:\fakepath\x.pdf" or a relative path.
        var last = (name ?? "").Replace('\\', '/').Split('/')[^1];
        var invalid = Path.GetInvalidFileNameChars();
        var builder = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
        {
            if (char.IsControl(c) || invalid.Contains(c) || c is '"' or '<' or '>' or '|' or ':' or '*' or '?') builder.Append('_');
            else builder.Append(c);
        }

        var cleaned = builder.ToString().Trim().Trim('.').Trim();
        if (cleaned.Length > MaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            if (extension.Length > 20) extension = "";
            var keep = MaxLength - extension.Length;
            // Never cut a surrogate pair in half: the name goes into a header.
            if (char.IsHighSurrogate(cleaned[keep - 1])) keep--;
            cleaned = cleaned[..keep] + extension;
        }
        return cleaned.Length == 0 ? Fallback : cleaned;
    }
}
