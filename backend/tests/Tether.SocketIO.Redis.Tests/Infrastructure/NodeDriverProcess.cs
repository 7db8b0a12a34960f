using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>
/// A Node.js script driven over its pipes: JSON commands (with an <c>id</c>) on stdin, JSON reports on stdout — a
/// <c>result</c> or <c>error</c> per command, and whatever it observed — collected in <see cref="Log"/>.
/// </summary>
public abstract class NodeDriverProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _stdin;
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly string _name;
    private int _nextId;

    protected NodeDriverProcess(Process process, string name)
    {
        _process = process;
        _name = name;
        _stdin = process.StandardInput;
        _stdin.AutoFlush = true;
        process.OutputDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            try
            {
                Log.Add(JsonNode.Parse(e.Data)!.AsObject());
            }
            catch (System.Text.Json.JsonException)
            {
                Log.Add(new JsonObject { ["type"] = "stdout", ["text"] = e.Data });
            }
        };
        process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Every report, in arrival order.</summary>
    public EventLog Log { get; } = new();

    /// <summary>Runs a command and returns its result value; throws with the script's output when it fails.</summary>
    public async Task<JsonNode?> RunAsync(JsonObject command)
    {
        var id = Interlocked.Increment(ref _nextId);
        command["id"] = id;
        await _stdin.WriteLineAsync(command.ToJsonString());
        var outcome = await Log.WaitAsync(
            r => r.Type() is "result" or "error" && r["id"] is JsonValue v && v.TryGetValue<int>(out var n) && n == id,
            $"{_name} to run {command.ToJsonString()}{StderrSuffix()}");
        if (outcome.Type() == "error")
            throw new InvalidOperationException($"{_name} failed {command.ToJsonString()}: {outcome.Str("message")}{StderrSuffix()}");
        return outcome["value"];
    }

    private string StderrSuffix()
    {
        lock (_stderr) return _stderr.Length == 0 ? "" : $"\nstderr:\n{_stderr}";
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        try
        {
            await _stdin.WriteLineAsync("{\"op\":\"exit\"}");
            _stdin.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
