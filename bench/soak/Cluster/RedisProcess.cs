using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Soak.Cluster;

/// <summary>
/// A private <c>redis-server</c> on a free loopback port, without persistence. It can be killed (SIGKILL) and
/// started again on the same port to stage an outage.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private ChildProcess? _process;

    private RedisProcess(string executable, int port)
    {
        Executable = executable;
        Port = port;
    }

    public string Executable { get; }

    public int Port { get; }

    /// <summary>For StackExchange.Redis (<c>ConnectionStrings__Redis</c>).</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    public string Output => _process?.Output ?? "";

    public static async Task<RedisProcess> StartAsync(CancellationToken ct = default)
    {
        var executable = ChildProcess.FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "redis-server was not found on PATH (nor in /usr/bin, /usr/sbin). Install it: " +
            "apt-get update && apt-get install -y --no-install-recommends redis-server");
        var redis = new RedisProcess(executable, ChildProcess.FreePort());
        await redis.StartAgainAsync(ct);
        return redis;
    }

    /// <summary>Starts the server (again) on <see cref="Port"/> and waits until it answers PING.</summary>
    public async Task StartAgainAsync(CancellationToken ct = default)
    {
        if (IsRunning) return;
        _process?.Dispose();
        _process = ChildProcess.Start("redis", Executable,
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"]);
        await Wait.UntilAsync(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}:\n{_process.Output}");
            return await PingAsync();
        }, $"redis-server on port {Port} to answer PING", TimeSpan.FromSeconds(15), ct);
    }

    /// <summary>Kills the server as abruptly as a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        await _process.KillAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        await _process.KillAsync();
        _process.Dispose();
        _process = null;
    }

    private async Task<bool> PingAsync()
    {
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
}
