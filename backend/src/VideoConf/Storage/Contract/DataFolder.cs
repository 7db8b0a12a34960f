using Microsoft.Extensions.Options;

namespace VideoConf.Storage.Contract;

/// <summary>The resolved absolute data folder (created on first use), shared by the embedded store, uploads and keys.</summary>
internal sealed class DataFolder
{
    public DataFolder(IOptions<StorageOptions> options, IHostEnvironment environment)
        : this(System.IO.Path.Combine(environment.ContentRootPath, options.Value.DataPath))
    {
    }

    public DataFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A sub-folder of the data folder, created if missing.</summary>
    public string Sub(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        return path;
    }
}
