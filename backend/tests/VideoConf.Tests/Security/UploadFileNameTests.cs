using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Security;

/// <summary>
/// Hole 6: a client-chosen file name never becomes a path. Files are stored under generated names inside the
/// data folder (nothing appears anywhere else), and the name shown and offered for download is sanitised.
/// The data folder is nested two levels inside the test's temp folder so that an escape by "../" would land in
/// a folder the test watches.
/// </summary>
public sealed partial class UploadFileNameTests : SecurityTest
{
    private string DataFolder => Path.Combine(Data.Path, "outer", "inner", "data");

    protected override IDictionary<string, string?> MoreSettings => new Dictionary<string, string?>
    {
        ["Storage:DataPath"] = DataFolder,
    };

    /// <summary>The names tried, by a short label (the test name stays readable).</summary>
    private static readonly Dictionary<string, string> Cases = new()
    {
        ["dotdot-slash"] = "../../etc/passwd",
        ["deep-dotdot-slash"] = "../../../../../../../../tmp/escaped.txt",
        ["dotdot-backslash"] = "..\\..\\x.txt",
        ["deep-dotdot-backslash"] = "..\\..\\..\\..\\..\\..\\escaped.txt",
        ["absolute-etc"] = "/etc/passwd",
        ["absolute-tmp"] = "/tmp/absolute.txt",
        ["drive-path"] = "C:\\Windows\\win.ini",
        ["unc-path"] = "\\\\server\\share\\unc.txt",
        ["only-dotdot"] = "..",
        ["only-dots"] = "...",
        ["leading-dot"] = ".hidden.txt",
        ["nul-byte"] = "evil\0.txt",
        ["nul-and-dotdot"] = "nul\0../../../x.txt",
        ["very-long"] = new string('a', 5000) + ".txt",
        ["very-long-non-ascii"] = new string('\u00e9', 3000) + ".txt",
        ["rtl-override"] = "invoice\u202Etxt.exe",
        ["ltr-override"] = "report\u202Dfdp.txt",
        ["zero-width"] = "zero\u200Bwidth\uFEFF.txt",
        ["con-txt"] = "con.txt",
        ["con"] = "CON",
        ["aux-tar-gz"] = "aux.tar.gz",
        ["com1"] = "Com1.txt",
        ["lpt9"] = "lpt9.txt",
        ["crlf"] = "line\r\nbreak.txt",
        ["tab-and-nel"] = "tab\tand\u0085next.txt",
        ["quote"] = "quote\".txt",
        ["semicolon-equals"] = "semi;colon=.txt",
        ["percent-encoded-dotdot"] = "%2e%2e%2f%2e%2e%2fencoded.txt",
        ["trailing-dots-spaces"] = "trailing. . .",
        ["surrounding-spaces"] = "  spaced.txt  ",
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_tricky_name_is_stored_under_a_generated_name_and_downloaded_under_a_safe_one(string label)
    {
        var name = Cases[label];
        var c = await StartConferenceAsync();
        var before = FilesOutsideTheDataFolder();

        // Once as RFC 5987 filename* (exact UTF-8 bytes, what a browser sends for non-ASCII names) and once as the
        // plain quoted filename with the raw bytes.
        var created = 0;
        foreach (var form in new[] { Form.Star, Form.Quoted })
        {
            var response = await UploadRawAsync(c.Coach, c.SessionId, name, form);
            var text = await response.Content.ReadAsStringAsync(Ct);
            // A name the multipart parser cannot read may be refused as a bad request; never anything worse.
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{form}: {(int)response.StatusCode} {text}");
            if (response.StatusCode != HttpStatusCode.Created) continue;
            created++;

            var resource = JsonDocument.Parse(text).RootElement;
            var stored = resource.GetProperty("name").GetString()!;
            AssertSafe(stored, $"stored name ({form})");

            var download = await c.Participant.GetAsync(resource.GetProperty("url").GetString()!);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("payload", await download.Content.ReadAsStringAsync(Ct));
            var disposition = download.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            var offered = disposition.FileNameStar ?? disposition.FileName!.Trim('"');
            Assert.Equal(stored, offered);
            AssertSafe(offered, $"download name ({form})");
            if (disposition.FileName is { } plain) AssertSafe(plain.Trim('"'), $"plain download name ({form})");
        }
        Assert.True(created > 0, "Neither form of the name was accepted; the test would prove nothing.");

        // Only generated names in the uploads folder, one per accepted upload, and nothing new anywhere else.
        var uploads = Directory.GetFiles(Path.Combine(DataFolder, "uploads"));
        Assert.Equal(created, uploads.Length);
        Assert.All(uploads, f => Assert.Matches(GeneratedName(), Path.GetFileName(f)));
        Assert.Equal(before, FilesOutsideTheDataFolder());
        Assert.False(File.Exists("/tmp/escaped.txt") && File.ReadAllText("/tmp/escaped.txt") == "payload");
        Assert.False(File.Exists("/tmp/absolute.txt") && File.ReadAllText("/tmp/absolute.txt") == "payload");
    }

    private enum Form { Star, Quoted }

    private static async Task<HttpResponseMessage> UploadRawAsync(TestUser user, string sessionId, string name, Form form)
    {
        const string boundary = "----security-boundary-7d1c";
        var disposition = form == Form.Star
            ? "form-data; name=\"file\"; filename*=UTF-8''" + Uri.EscapeDataString(name)
            : "form-data; name=\"file\"; filename=\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        var body = new MemoryStream();
        void Write(string s) => body.Write(Encoding.UTF8.GetBytes(s));
        Write($"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: text/plain\r\n\r\npayload\r\n--{boundary}--\r\n");

        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return await user.Http.PostAsync($"/api/sessions/{sessionId}/resources", content, Ct);
    }

    private static readonly string[] ReservedStems =
        ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", .. Enumerable.Range(0, 10).SelectMany(i => new[] { $"COM{i}", $"LPT{i}" })];

    private static void AssertSafe(string name, string what)
    {
        Assert.False(string.IsNullOrWhiteSpace(name), $"{what} is empty");
        Assert.True(name.Length <= 200, $"{what} is {name.Length} characters long");
        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
        Assert.DoesNotContain(':', name);
        Assert.False(name.StartsWith('.'), $"{what} '{name}' starts with a dot");
        Assert.False(name.EndsWith('.') || name.EndsWith(' '), $"{what} '{name}' ends with a dot or space");
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            Assert.False(category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate,
                $"{what} '{name}' contains U+{rune.Value:X4} ({category})");
        }
        var stem = name.Split('.')[0].Trim();
        Assert.DoesNotContain(stem, ReservedStems, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every file under the test's temp folder that is not inside the data folder.</summary>
    private string[] FilesOutsideTheDataFolder() =>
        [.. Directory.GetFiles(Data.Path, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(DataFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order()];

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex GeneratedName();
}
