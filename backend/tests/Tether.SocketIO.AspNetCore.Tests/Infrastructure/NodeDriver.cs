using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// One Node process running crosslang/driver.mjs: commands go to its stdin as JSON lines, its stdout reports come
/// back as JSON lines into <see cref="Log"/> (and the per-client logs). The process is killed on dispose and exits
/// by itself when our stdin pipe closes, so no Node process outlives its test.
/// </summary>
public sealed class NodeDriver : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Dictionary<string, EventLog> _clientLogs = [];
    private readonly Task _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    private NodeDriver(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr) _stderr.AppendLine(e.Data);
        };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Every report, in order.</summary>
    public EventLog Log { get; } = new();

    /// <summary>Starts the driver and waits for its "ready" report.</summary>
    public static async Task<NodeDriver> StartAsync()
    {
        var start = new ProcessStartInfo(NodeEnvironment.NodePath)
        {
            WorkingDirectory = NodeEnvironment.CrossLangDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("driver.mjs");
        start.Environment["TETHER_DRIVER_MAX_MS"] = "180000";
        var driver = new NodeDriver(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
        try
        {
            await driver.Log.WaitAsync(r => r.Type() == "ready", "the Node driver to start");
        }
        catch
        {
            await driver.DisposeAsync();
            throw;
        }
        return driver;
    }

    /// <summary>The reports about one client (<c>"client": name</c>).</summary>
    public EventLog ClientLog(string client)
    {
        lock (_clientLogs)
        {
            if (!_clientLogs.TryGetValue(client, out var log)) _clientLogs[client] = log = new EventLog();
            return log;
        }
    }

    /// <summary>Sends one command.</summary>
    public async Task SendAsync(JsonObject command)
    {
        var line = command.ToJsonString();
        await _writeLock.WaitAsync();
        try
        {
            if (_process.HasExited) throw new InvalidOperationException($"The Node driver exited ({_process.ExitCode}).{Diagnostics()}");
            await _process.StandardInput.WriteLineAsync(line);
            await _process.StandardInput.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Driver-side failures (bad command, exception in a handler), for assertions and messages.</summary>
    public IReadOnlyList<JsonObject> Errors => Log.Snapshot().Where(r => r.Type() == "driver_error").ToList();

    /// <summary>The driver's stderr and errors, for failure messages.</summary>
    public string Diagnostics()
    {
        string stderr;
        lock (_stderr) stderr = _stderr.ToString();
        var errors = string.Join("\n", Errors.Select(e => e.ToJsonString()));
        return (stderr.Length > 0 ? "\nnode stderr:\n" + stderr : "") + (errors.Length > 0 ? "\ndriver errors:\n" + errors : "");
    }

    private async Task ReadLoopAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Length == 0) continue;
            JsonObject report;
            try
            {
                report = JsonNode.Parse(line)?.AsObject() ?? throw new JsonException("not an object");
            }
            catch (JsonException)
            {
                report = new JsonObject { ["type"] = "driver_error", ["message"] = "unparsable stdout line: " + line };
            }
            Log.Add(report);
            if (report["client"]?.GetValue<string>() is { } client) ClientLog(client).Add(report);
        }
        Log.Add(new JsonObject { ["type"] = "exited" });
    }

    /// <summary>Asks the driver to exit, then kills it (and anything it started) if it does not within 3 s.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await SendAsync(new JsonObject { ["op"] = "exit" });
                _process.StandardInput.Close();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Already gone or pipe broken: the kill below handles it.
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        await _reader.WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
        _writeLock.Dispose();
    }
}

/// <summary>Shortcuts for the reports' fields.</summary>
public static class ReportExtensions
{
    /// <summary>The report's <c>type</c>.</summary>
    public static string? Type(this JsonObject report) => report["type"]?.GetValue<string>();

    /// <summary>A string field, or null.</summary>
    public static string? Str(this JsonObject report, string name) =>
        report[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
