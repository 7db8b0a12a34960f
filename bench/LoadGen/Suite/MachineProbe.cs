using System.Diagnostics;

namespace LoadGen.Suite;

/// <summary>Describes the machine and the pinning for the results file, so runs on different boxes are not mixed up.</summary>
internal static class MachineProbe
{
    public static async Task<MachineInfo> DescribeAsync(string serverCpus) => new()
    {
        // The whole machine's CPUs (Environment.ProcessorCount only sees the generator's own pinned core).
        Cpus = File.ReadLines("/proc/cpuinfo").Count(l => l.StartsWith("processor", StringComparison.Ordinal)),
        ServerCpus = serverCpus,
        GeneratorCpus = await Output("taskset", "-cp", Environment.ProcessId.ToString()) is { } t && t.Contains(':') ? t[(t.LastIndexOf(':') + 1)..].Trim() : "?",
        Kernel = (await Output("uname", "-r"))?.Trim() ?? "?",
        Dotnet = Environment.Version.ToString(),
        Node = (await Output("node", "--version"))?.Trim() ?? "?",
        FdLimit = FdLimit(),
    };

    /// <summary>The soft limit on open files, which every process the runner starts inherits.</summary>
    private static long FdLimit()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
            var parts = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.TryParse(parts[0], out var soft) ? soft : -1;
        }
        return -1;
    }

    private static async Task<string?> Output(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var text = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            return text;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
