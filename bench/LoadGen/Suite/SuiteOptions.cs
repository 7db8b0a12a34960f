namespace LoadGen.Suite;

/// <summary>Command-line options of <c>LoadGen suite</c>.</summary>
internal sealed record SuiteOptions
{
    public required string RepoRoot { get; init; }
    public Profile Profile { get; init; } = Profile.Full;
    public string[] Servers { get; init; } = ["tether", "node", "kestrel-ws", "node-ws"];
    public string[] Scenarios { get; init; } = ["connect", "memory", "fanout", "echo", "polling"];
    public string ServerCpus { get; init; } = "0";
    public string OutputDirectory { get; init; } = "";

    public static SuiteOptions Parse(string[] args)
    {
        var o = new SuiteOptions { RepoRoot = FindRepoRoot() };
        int? runs = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--quick": o = o with { Profile = Profile.Quick }; break;
                case "--runs": runs = int.Parse(Next()); break;
                case "--servers": o = o with { Servers = List(Next()) }; break;
                case "--scenarios": o = o with { Scenarios = List(Next()) }; break;
                case "--server-cpus": o = o with { ServerCpus = Next() }; break;
                case "--out": o = o with { OutputDirectory = Path.GetFullPath(Next()) }; break;
                case "--repo": o = o with { RepoRoot = Path.GetFullPath(Next()) }; break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        if (runs is { } r) o = o with { Profile = o.Profile with { Runs = r } };
        if (o.OutputDirectory == "") o = o with { OutputDirectory = Path.Combine(o.RepoRoot, "bench", "results") };
        return o;
    }

    private static string[] List(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The repository root: the first ancestor of the working directory holding bench/ and backend/.</summary>
    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "bench")) && Directory.Exists(Path.Combine(dir.FullName, "backend")))
                return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
