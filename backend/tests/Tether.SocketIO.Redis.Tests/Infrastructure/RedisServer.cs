using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>
/// A private <c>redis-server</c> (Debian's package) on a free loopback port, run as a child process without
/// persistence, killed when the test class is done. It can be killed and started again on the same port to test
/// outages.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private Process? _process;
    private readonly StringBuilder _output = new();

    public int Port { get; private set; }

    /// <summary>For StackExchange.Redis (the adapter) and node-redis (the Node member).</summary>
    public string EndPoint => $"127.0.0.1:{Port}";

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>
    /// Settings for the adapters under test: quick to notice an outage and quick to reconnect, so a restart test
    /// finishes in seconds.
    /// </summary>
    public ConfigurationOptions Configuration() => new()
    {
        EndPoints = { EndPoint },
        ConnectTimeout = 2000,
        AsyncTimeout = 3000,
        SyncTimeout = 3000,
        ReconnectRetryPolicy = new LinearRetry(250),
        HeartbeatInterval = TimeSpan.FromMilliseconds(250),
    };

    public async ValueTask InitializeAsync()
    {
        Port = FreePort();
        await StartAsync();
    }

    /// <summary>Starts the server (again) on <see cref="Port"/> and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        var executable = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server was not found on PATH. Install it: apt-get update && apt-get install -y --no-install-recommends redis-server");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
            info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start.");
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await Timeouts.WaitUntilAsync(PingAsync, $"redis-server on port {Port} to answer PING. Its output:\n{Output}");
    }

    /// <summary>Kills the server (an outage as abrupt as a crash) and waits for it to exit.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process) return;
        _process = null;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().WaitAsync(Timeouts.Default);
        process.Dispose();
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private async Task<bool> PingAsync()
    {
        if (_process is { HasExited: true }) throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}:\n{Output}");
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return File.Exists("/usr/bin/" + name) ? "/usr/bin/" + name : File.Exists("/usr/sbin/" + name) ? "/usr/sbin/" + name : null;
    }
}
