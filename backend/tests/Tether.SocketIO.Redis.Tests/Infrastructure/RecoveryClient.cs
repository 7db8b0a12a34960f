using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>
/// One unmodified npm socket.io-client socket (Recovery/recovery-driver.mjs), which does connection state recovery
/// itself: it keeps the private id and last offset the servers give it and presents them when it reconnects.
/// </summary>
public sealed class RecoveryClient : NodeDriverProcess
{
    private RecoveryClient(Process process) : base(process, "The client driver")
    {
    }

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
}
