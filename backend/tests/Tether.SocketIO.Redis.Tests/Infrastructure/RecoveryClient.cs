using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>
/// One unmodified npm socket.io-client socket (Recovery/recovery-driver.mjs), which does connection state recovery
/// itself: it keeps the private id and last offset the servers give it and presents them when it reconnects.
/// </summary>
public sealed class RecoveryClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _stdin;
    private readonly System.Text.StringBuilder _stderr = new();
    private int _nextId;

    private RecoveryClient(Process process)
    {
        _process = process;
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

    /// <summary>Starts the driver (no connection yet).</summary>
    public static RecoveryClient Start()
    {
        var script = typeof(RecoveryClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "RecoveryDriver").Value!;
        var clusterDir = NodeMember.PackageDir ?? throw new InvalidOperationException(
            "socket.io-client is not installed: run `npm ci` in backend/tests/crosslang-cluster (Node 20+).");
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["CLUSTER_DIR"] = clusterDir },
        };
        info.ArgumentList.Add(script);
        return new RecoveryClient(Process.Start(info) ?? throw new InvalidOperationException("node did not start."));
    }

    /// <summary>Connects to <paramref name="url"/>'s namespace <paramref name="nsp"/>; returns the socket id.</summary>
    public async Task<string> ConnectAsync(string url, string nsp = "/", JsonObject? auth = null)
        => (await RunAsync(new JsonObject { ["op"] = "connect", ["url"] = url, ["nsp"] = nsp, ["auth"] = auth ?? new JsonObject() }))!.GetValue<string>();

    public Task EmitAsync(string eventName, params JsonNode?[] args)
        => RunAsync(new JsonObject { ["op"] = "emit", ["event"] = eventName, ["args"] = new JsonArray(args) });

    public Task<JsonNode?> EmitWithAckAsync(string eventName, params JsonNode?[] args)
        => RunAsync(new JsonObject { ["op"] = "emitWithAck", ["event"] = eventName, ["args"] = new JsonArray(args) });

    /// <summary>Closes the transport from the client side; the server sees a "transport close" (recoverable).</summary>
    public Task DropAsync() => RunAsync(new JsonObject { ["op"] = "drop" });

    /// <summary>Reconnects to <paramref name="url"/> the way the client reconnects by itself; returns the socket id.</summary>
    public async Task<string> ReconnectAsync(string url)
        => (await RunAsync(new JsonObject { ["op"] = "reconnect", ["url"] = url }))!.GetValue<string>();

    /// <summary>The client's <c>{id, pid, offset, recovered, connected}</c>.</summary>
    public async Task<JsonObject> StateAsync() => (await RunAsync(new JsonObject { ["op"] = "state" }))!.AsObject();

    /// <summary>The arguments of every <paramref name="eventName"/> received so far, in order.</summary>
    public IReadOnlyList<JsonArray> Received(string eventName)
        => Log.Where(r => r.IsEvent(eventName)).Select(r => (JsonArray)r["args"]!).ToArray();

    public async Task<JsonNode?> RunAsync(JsonObject command)
    {
        var id = Interlocked.Increment(ref _nextId);
        command["id"] = id;
        await _stdin.WriteLineAsync(command.ToJsonString());
        var outcome = await Log.WaitAsync(
            r => r.Type() is "result" or "error" && r["id"] is JsonValue v && v.TryGetValue<int>(out var n) && n == id,
            $"the client driver to run {command.ToJsonString()}{StderrSuffix()}");
        if (outcome.Type() == "error")
            throw new InvalidOperationException($"The client driver failed {command.ToJsonString()}: {outcome.Str("message")}{StderrSuffix()}");
        return outcome["value"];
    }

    private string StderrSuffix()
    {
        lock (_stderr) return _stderr.Length == 0 ? "" : $"\nstderr:\n{_stderr}";
    }

    public async ValueTask DisposeAsync()
    {
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
