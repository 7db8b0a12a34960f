using System.Diagnostics;
using System.Reflection;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Finds <c>node</c> and the crosslang package (backend/tests/crosslang) with its installed node_modules. A missing
/// piece is a test failure with instructions, never a silent pass.
/// </summary>
internal static class NodeEnvironment
{
    private static readonly Lazy<(string Node, string Dir)> s_resolved = new(Resolve);

    /// <summary>The node executable.</summary>
    public static string NodePath => s_resolved.Value.Node;

    /// <summary>The crosslang package directory (holds driver.mjs and node_modules).</summary>
    public static string CrossLangDir => s_resolved.Value.Dir;

    private static (string, string) Resolve()
    {
        var dir = FindCrossLangDir();
        if (!File.Exists(Path.Combine(dir, "node_modules", "socket.io-client", "package.json")))
            throw new InvalidOperationException(
                $"socket.io-client is not installed in {dir}: run `npm ci` there before the integration tests.");
        var node = FindNode();
        return (node, dir);
    }

    private static string FindCrossLangDir()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("TETHER_CROSSLANG_DIR") is { Length: > 0 } fromEnv) candidates.Add(fromEnv);
        // Baked in at build time by the test project (see the .csproj).
        var baked = typeof(NodeEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "CrossLangDir")?.Value;
        if (baked is { Length: > 0 }) candidates.Add(baked);
        // Fallback when the binaries moved: walk up from the output directory.
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            candidates.Add(Path.Combine(d.FullName, "tests", "crosslang"));

        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "driver.mjs")))
            ?? throw new InvalidOperationException(
                "The crosslang Node package (backend/tests/crosslang/driver.mjs) was not found; looked in:\n  "
                + string.Join("\n  ", candidates));
    }

    private static string FindNode()
    {
        var name = OperatingSystem.IsWindows() ? "node.exe" : "node";
        if (Environment.GetEnvironmentVariable("TETHER_NODE") is { Length: > 0 } fromEnv && File.Exists(fromEnv)) return fromEnv;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, name))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("`node` (Node.js 20+) is not on PATH; the cross-language tests need it.");

        using var probe = Process.Start(new ProcessStartInfo(path, "--version") { RedirectStandardOutput = true })!;
        var version = probe.StandardOutput.ReadToEnd().Trim();
        probe.WaitForExit(10_000);
        if (!Version.TryParse(version.TrimStart('v'), out var v) || v.Major < 20)
            throw new InvalidOperationException($"Node.js 20+ is needed, found {version} at {path}.");
        return path;
    }
}
