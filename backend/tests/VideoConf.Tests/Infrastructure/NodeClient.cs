using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VideoConf.Tests.Infrastructure;

/// <summary>
/// The unmodified npm <c>socket.io-client</c>, driven through the shared harness <c>backend/tests/crosslang/driver.mjs</c>
/// (JSON commands on stdin, JSON reports on stdout). Skips the test, with the reason, when Node or the harness's
/// <c>node_modules</c> is not there. <see cref="StartRecoveryDriverAsync"/> starts this project's
/// <c>Node/recovery-driver.mjs</c> instead (same protocol, plus dropping the transport and reconnecting the same socket).
/// </summary>
internal sealed class NodeClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<JsonElement> _reports = [];
    private readonly List<(Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Done)> _waiters = [];
    private readonly Lock _gate = new();

    private NodeClient(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => { if (!string.IsNullOrWhiteSpace(line.Data)) Record(JsonDocument.Parse(line.Data).RootElement.Clone()); };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static Task<NodeClient> StartAsync() => StartAsync(Path.Combine("tests", "crosslang", "driver.mjs"));

    /// <summary>The recovery driver: <see cref="DropAsync"/> and <see cref="ReconnectAsync"/>, and connect reports carry <c>recovered</c>.</summary>
    public static Task<NodeClient> StartRecoveryDriverAsync() => StartAsync(Path.Combine("tests", "VideoConf.Tests", "Node", "recovery-driver.mjs"));

    private static async Task<NodeClient> StartAsync(string relativePath)
    {
        var driver = Find(relativePath);
        if (driver is null) Assert.Fail($"npm socket.io-client scenario cannot run: backend/{relativePath} not found.");
        var harness = Find(Path.Combine("tests", "crosslang", "driver.mjs"));
        if (harness is null || !Directory.Exists(Path.Combine(Path.GetDirectoryName(harness)!, "node_modules", "socket.io-client")))
            Assert.Fail("npm socket.io-client scenario cannot run: run `npm ci` in backend/tests/crosslang first.");

        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo("node", [driver])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("npm socket.io-client scenario cannot run: `node` (20+) is not on the PATH.");
            throw;
        }

        var client = new NodeClient(process);
        await client.WaitForAsync(r => r.GetProperty("type").GetString() == "ready");
        return client;
    }

    /// <summary>Connects client <paramref name="name"/> to <c>/video</c>; the seed client's handshake, with the session id in <c>auth</c>.</summary>
    public Task ConnectAsync(TestApp app, string name, string token, string sessionId) =>
        SendAsync(new JsonObject
        {
            ["op"] = "connect",
            ["client"] = name,
            ["url"] = app.BaseAddress.ToString().TrimEnd('/'),
            ["nsp"] = "/video",
            ["auth"] = new JsonObject { ["token"] = token, ["sessionId"] = sessionId },
        });

    public Task EmitAsync(string name, string eventName, JsonNode payload) =>
        SendAsync(new JsonObject { ["op"] = "emit", ["client"] = name, ["event"] = eventName, ["args"] = new JsonArray(payload) });

    /// <summary>Recovery driver: closes the client's Engine.IO connection (the server sees a transport close).</summary>
    public Task DropAsync(string name) => SendAsync(new JsonObject { ["op"] = "drop", ["client"] = name });

    /// <summary>Recovery driver: connects the same socket again (it offers its pid and last offset).</summary>
    public Task ReconnectAsync(string name) => SendAsync(new JsonObject { ["op"] = "reconnect", ["client"] = name });

    /// <summary>The client disconnects on purpose (<c>socket.disconnect()</c>).</summary>
    public Task DisconnectClientAsync(string name) => SendAsync(new JsonObject { ["op"] = "disconnect", ["client"] = name });

    /// <summary>Every report so far, in order.</summary>
    public IReadOnlyList<JsonElement> Reports()
    {
        lock (_gate) return _reports.ToList();
    }

    public Task EmitWithAckAsync(string name, string eventName, JsonNode payload, string requestId) =>
        SendAsync(new JsonObject
        {
            ["op"] = "emit",
            ["client"] = name,
            ["event"] = eventName,
            ["args"] = new JsonArray(payload),
            ["ack"] = true,
            ["req"] = requestId,
        });

    /// <summary>The first report (received so far or later) that matches.</summary>
    public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match)
    {
        lock (_gate)
        {
            foreach (var report in _reports)
                if (match(report)) return Task.FromResult(report);
            var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(VideoClient.Timeout);
        }
    }

    public Task<JsonElement> WaitForAsync(string client, string type, string? eventName = null) =>
        WaitForAsync(r => r.GetProperty("type").GetString() == type
            && r.TryGetProperty("client", out var c) && c.GetString() == client
            && (eventName is null || r.GetProperty("event").GetString() == eventName));

    /// <summary>The first argument of every <paramref name="eventName"/> event client <paramref name="client"/> received.</summary>
    public IReadOnlyList<JsonElement> Events(string client, string eventName)
    {
        lock (_gate)
            return _reports.Where(r => r.GetProperty("type").GetString() == "event"
                    && r.GetProperty("client").GetString() == client
                    && r.GetProperty("event").GetString() == eventName)
                .Select(r => r.GetProperty("args")[0])
                .ToList();
    }

    private async Task SendAsync(JsonObject command)
    {
        await _process.StandardInput.WriteLineAsync(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
    }

    private void Record(JsonElement report)
    {
        List<TaskCompletionSource<JsonElement>> ready = [];
        lock (_gate)
        {
            _reports.Add(report);
            foreach (var waiter in _waiters.Where(w => w.Match(report)).ToList())
            {
                _waiters.Remove(waiter);
                ready.Add(waiter.Done);
            }
        }
        foreach (var done in ready) done.TrySetResult(report);
    }

    private static string? Find(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync(new JsonObject { ["op"] = "exit" });
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
