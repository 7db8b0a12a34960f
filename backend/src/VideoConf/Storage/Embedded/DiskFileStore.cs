using System.Text.RegularExpressions;
using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Embedded;

/// <summary>
/// Uploaded files under <c>&lt;data&gt;/uploads</c>, named by generated ids only. A key is checked against the id
/// format before it becomes a path, so even a tampered database cannot point outside the folder.
/// </summary>
internal sealed partial class DiskFileStore(DataFolder folder) : IFileStore
{
    private readonly string _root = folder.Sub("uploads");

    public async Task<string> SaveAsync(Stream content, string fileName, CancellationToken ct = default)
    {
        var key = Ids.New();
        var final = PathFor(key);
        var partial = final + ".partial";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct);
            }
            // Readers never see a half-written file: it only gets its final name once complete.
            File.Move(partial, final);
            return key;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct = default)
    {
        if (!IsKey(key) || !File.Exists(PathFor(key))) return Task.FromResult<Stream?>(null);
        try
        {
            // FileShare.Delete: a concurrent delete must not fail because someone is downloading.
            Stream stream = new FileStream(PathFor(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
            return Task.FromResult<Stream?>(stream);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        if (IsKey(key)) File.Delete(PathFor(key));
        return Task.CompletedTask;
    }

    private string PathFor(string key) => Path.Combine(_root, key);

    private static bool IsKey(string key) => KeyFormat().IsMatch(key);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex KeyFormat();
}
