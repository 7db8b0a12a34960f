using System.Diagnostics;
using System.Text;

namespace Tether.SocketIO.Tests.Infrastructure;

/// <summary>
/// Runs a Node script kept in this test project's source folder (it loads socket.io-client from
/// backend/tests/crosslang/node_modules, installed by `npm ci` there). Missing node or packages fail the test with
/// instructions; the script is killed if it outlives the timeout.
/// </summary>
internal static class NodeScript
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string relativePath, params string[] args)
    {
        var script = Find(relativePath);
        var crosslang = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(script)!, "..", "..", "crosslang"));
        if (Environment.GetEnvironmentVariable("TETHER_CROSSLANG_DIR") is { Length: > 0 } overridden) crosslang = overridden;
        if (!File.Exists(Path.Combine(crosslang, "node_modules", "socket.io-client", "package.json")))
            throw new InvalidOperationException($"socket.io-client is not installed in {crosslang}: run `npm ci` there first.");

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("TETHER_NODE") is { Length: > 0 } node ? node : "node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["TETHER_CROSSLANG_DIR"] = crosslang;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start (is Node.js 20+ on PATH?)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{relativePath} did not finish: {await stdout} {await stderr}");
        }
        return (process.ExitCode, await stdout + (await stderr is { Length: > 0 } err ? "\nstderr: " + err : ""));
    }

    /// <summary>The script in the source tree: walks up from the output directory to tests/Tether.SocketIO.Tests.</summary>
    private static string Find(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Tether.SocketIO.Tests", relativePath);
            if (File.Exists(candidate)) return candidate;
            candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate) && dir.Name == "Tether.SocketIO.Tests") return candidate;
        }
        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}.");
    }
}
