using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>
/// The Node.js member of a mixed cluster (<c>tests/crosslang-cluster/member.mjs</c>): an unmodified socket.io server
/// with @socket.io/redis-adapter, an @socket.io/redis-emitter and socket.io-client sockets, driven over its pipes.
/// </summary>
public sealed class NodeMember : NodeDriverProcess
{
    private NodeMember(Process process) : base(process, "The Node member")
    {
    }

    /// <summary>The member's own server address.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The directory of the Node package (from the build), or null when it cannot be used.</summary>
    public static string? PackageDir
    {
        get
        {
            var dir = typeof(NodeMember).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "CrossLangClusterDir")?.Value;
            return dir is not null && Directory.Exists(Path.Combine(dir, "node_modules", "@socket.io", "redis-adapter")) ? dir : null;
        }
    }

    /// <summary>Starts the member on <paramref name="redis"/> with channel prefix <paramref name="key"/>.</summary>
    public static async Task<NodeMember> StartAsync(RedisServer redis, string key)
    {
        var dir = PackageDir ?? throw new InvalidOperationException(
            "The Node cluster member is not installed: run `npm ci` in backend/tests/crosslang-cluster (Node 20+).");
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = dir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["REDIS_URL"] = redis.Url, ["KEY"] = key, ["REQUESTS_TIMEOUT_MS"] = "5000", ["MAX_MS"] = "120000" },
        };
        info.ArgumentList.Add("member.mjs");
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("`node` (20+) is needed on PATH for the mixed-cluster tests.", ex);
        }
        var member = new NodeMember(process);
        var ready = await member.Log.WaitAsync(r => r.Type() == "ready", "the Node member to listen");
        member.Url = $"http://127.0.0.1:{ready["port"]!.GetValue<int>()}";
        return member;
    }

    /// <summary>Connects a socket.io-client socket named <paramref name="client"/> to <paramref name="url"/>; returns its id.</summary>
    public async Task<string> ConnectClientAsync(string client, string url, JsonObject? auth = null)
        => (await RunAsync(new JsonObject { ["op"] = "connect", ["client"] = client, ["url"] = url, ["auth"] = auth ?? new JsonObject() }))!.GetValue<string>();

    /// <summary>The arguments of every <paramref name="eventName"/> the client received so far.</summary>
    public IReadOnlyList<JsonArray> Received(string client, string eventName)
        => Log.Where(r => r.IsEvent(eventName) && r.Str("client") == client).Select(r => (JsonArray)r["args"]!).ToArray();

    public Task<JsonObject> WaitForEventAsync(string client, string eventName)
        => Log.WaitAsync(r => r.IsEvent(eventName) && r.Str("client") == client, $"Node client {client} to receive '{eventName}'");
}
