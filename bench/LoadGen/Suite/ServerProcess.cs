using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LoadGen.Suite;

/// <summary>
/// One running server, pinned with <c>taskset</c> to the server core, on a free 127.0.0.1 port. The pid measured is
/// the one the server reports in <c>GET /bench/health</c>: under <c>dotnet run</c> the launcher is a parent process
/// and the server a child, and only the child does the work.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    // Settings meant for the generator only must not leak into a server's environment.
    private static readonly string[] GeneratorOnlyVariables = ["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"];

    private readonly Process _launcher;
    private readonly StreamWriter _log;

    private ServerProcess(ServerSpec spec, Process launcher, StreamWriter log, int port)
    {
        Spec = spec;
        _launcher = launcher;
        _log = log;
        Port = port;
        Endpoint = new IPEndPoint(IPAddress.Loopback, port);
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public ServerSpec Spec { get; }
    public int Port { get; }
    public IPEndPoint Endpoint { get; }
    public Uri BaseUri { get; }
    public int Pid { get; private set; }
    public bool HasExited => _launcher.HasExited || !File.Exists($"/proc/{Pid}/stat");

    public static async Task<ServerProcess> StartAsync(ServerSpec spec, string serverCpus, string logFile, HttpClient http)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("taskset")
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(serverCpus);
        psi.ArgumentList.Add(spec.FileName);
        foreach (var a in spec.Arguments) psi.ArgumentList.Add(a.Replace("{port}", port.ToString()));
        foreach (var v in GeneratorOnlyVariables) psi.Environment.Remove(v);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["NODE_ENV"] = "production";
        foreach (var (name, value) in spec.Environment) psi.Environment[name] = value;

        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"# {DateTime.UtcNow:O} taskset -c {serverCpus} {spec.FileName} {string.Join(' ', psi.ArgumentList.Skip(3))}");
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {spec.Name}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(spec, process, log, port);
        try
        {
            server.Pid = await server.WaitHealthyAsync(http, TimeSpan.FromSeconds(90));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    private async Task<int> WaitHealthyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_launcher.HasExited) throw new InvalidOperationException($"{Spec.Name} exited with code {_launcher.ExitCode} before it was healthy (see its log)");
            var health = await TryHealthAsync(http);
            if (health is { } h && h.TryGetProperty("pid", out var pid)) return pid.GetInt32();
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Spec.Name} was not healthy within {timeout.TotalSeconds:0} s");
    }

    /// <summary>The health document, or null when the server does not answer.</summary>
    public async Task<JsonElement?> TryHealthAsync(HttpClient http)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var text = await http.GetStringAsync(new Uri(BaseUri, "bench/health"), cts.Token);
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits (bounded) until the server reports no connected clients, so one run's teardown is not measured in the
    /// next. Returns the count still reported when the time ran out (0 when idle).
    /// </summary>
    public async Task<int> WaitIdleAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var clients = -1;
        while (DateTime.UtcNow < deadline)
        {
            var health = await TryHealthAsync(http);
            clients = health is { } h && h.TryGetProperty("clients", out var c) ? c.GetInt32() : -1;
            if (clients == 0) return 0;
            await Task.Delay(100);
        }
        return clients;
    }

    public async ValueTask DisposeAsync()
    {
        // SIGTERM the server itself and its launcher; both get a moment to stop cleanly, then they are killed.
        if (Pid > 0) _ = kill(Pid, 15);
        if (!_launcher.HasExited) _ = kill(_launcher.Id, 15);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _launcher.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _launcher.Kill(entireProcessTree: true);
        }
        if (Pid > 0 && File.Exists($"/proc/{Pid}/stat")) _ = kill(Pid, 9);
        _launcher.Dispose();
        lock (_log) _log.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
