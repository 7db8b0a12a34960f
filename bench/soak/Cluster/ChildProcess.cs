using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Soak.Cluster;

/// <summary>
/// A child process (redis-server, a VideoConf app) with its output kept in a bounded ring, and a watchdog that kills
/// it by pid if this process dies first, so no child outlives its test run even when the runner is killed.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int MaxLines = 400;

    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly Action<string>? _onLine;
    private Process? _watchdog;

    private ChildProcess(Process process, string name, Action<string>? onLine)
    {
        _process = process;
        Name = name;
        _onLine = onLine;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    public int? ExitCode => HasExited ? _process.ExitCode : null;

    /// <summary>The last lines the process wrote (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_lines) return string.Join('\n', _lines);
        }
    }

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> args, IDictionary<string, string?>? environment = null,
        string? workingDirectory = null, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, name, onLine);
        process.OutputDataReceived += (_, e) => child.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"{name} ({fileName}) did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child.StartWatchdog();
        return child;
    }

    /// <summary>SIGKILL, as abrupt as a crash; waits (bounded) until it is gone.</summary>
    public async Task KillAsync(TimeSpan? timeout = null)
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        StopWatchdog();
    }

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    /// <summary>Resident set size in bytes from /proc (Linux); null when it cannot be read.</summary>
    public long? ResidentBytes() => ProcStatus.ResidentBytes(Pid);

    public void Dispose()
    {
        try
        {
            if (!HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (Exception)
        {
            // Best effort.
        }
        StopWatchdog();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Enqueue(line);
            while (_lines.Count > MaxLines) _lines.Dequeue();
        }
        _onLine?.Invoke(line);
    }

    // The watchdog polls both pids; when this (parent) process is gone it kills the child, and it ends with the child.
    private void StartWatchdog()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var parent = Environment.ProcessId;
        var script = $"while kill -0 {parent} 2>/dev/null && kill -0 {Pid} 2>/dev/null; do sleep 1; done; kill -9 {Pid} 2>/dev/null; exit 0";
        try
        {
            var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(script);
            _watchdog = Process.Start(info);
        }
        catch (Exception)
        {
            _watchdog = null; // no shell: the owner's Dispose is the only cleanup
        }
    }

    private void StopWatchdog()
    {
        var watchdog = Interlocked.Exchange(ref _watchdog, null);
        if (watchdog is null) return;
        try
        {
            if (!watchdog.HasExited) watchdog.Kill();
            watchdog.WaitForExit(2000);
        }
        catch (Exception)
        {
            // It ends by itself within a second of the child's exit.
        }
        watchdog.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        foreach (var dir in new[] { "/usr/bin", "/usr/sbin", "/usr/local/bin" })
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>Reads /proc/&lt;pid&gt;/status.</summary>
public static class ProcStatus
{
    public static long? ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[1]) * 1024; // kB
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return null;
    }
}
