using System.Text.Json;
using Tether.EngineIO;
using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Recovery;

/// <summary>A harness with connection state recovery on and a clock the test controls.</summary>
internal static class RecoveryHarness
{
    public static (ServerHarness Harness, ManualTimeProvider Clock) Create(Action<ConnectionStateRecoveryOptions>? configure = null, Action<SocketIOOptions>? options = null)
    {
        var clock = new ManualTimeProvider();
        var o = new SocketIOOptions { ConnectionStateRecovery = new ConnectionStateRecoveryOptions() };
        configure?.Invoke(o.ConnectionStateRecovery);
        options?.Invoke(o);
        return (new ServerHarness(new SocketIOServer(o, timeProvider: clock)), clock);
    }

    /// <summary>Joins <paramref name="nsp"/> and returns the CONNECT reply's sid and pid (pid null when absent).</summary>
    public static async Task<(string Sid, string? Pid)> JoinAsync(FakeEngineConnection connection, string nsp = "/", string? auth = null)
    {
        var prefix = nsp == "/" ? "0" : $"0{nsp},";
        var before = connection.Texts.Count;
        connection.Receive(prefix + (auth ?? ""));
        bool IsReply(string t) => t.StartsWith(prefix + "{", StringComparison.Ordinal) && t.Contains("\"sid\"");
        await connection.WaitForTextAsync(_ => connection.Texts.Skip(before).Any(IsReply));
        var reply = connection.Texts.Skip(before).First(IsReply);
        using var json = JsonDocument.Parse(reply[prefix.Length..]);
        var root = json.RootElement;
        return (root.GetProperty("sid").GetString()!, root.TryGetProperty("pid", out var pid) ? pid.GetString() : null);
    }

    /// <summary>The arguments of every EVENT frame named <paramref name="eventName"/> received so far, in order.</summary>
    public static List<JsonElement[]> Events(FakeEngineConnection connection, string eventName, string nsp = "/")
    {
        var prefix = nsp == "/" ? "2" : $"2{nsp},";
        var result = new List<JsonElement[]>();
        foreach (var text in connection.Texts)
        {
            if (!text.StartsWith(prefix + "[", StringComparison.Ordinal)) continue;
            using var json = JsonDocument.Parse(text[prefix.Length..]);
            var items = json.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
            if (items[0].GetString() == eventName) result.Add(items[1..]);
        }
        return result;
    }

    /// <summary>Drops the transport (a recoverable reason) and waits until the socket is gone.</summary>
    public static async Task DropAsync(ServerHarness harness, FakeEngineConnection connection, string sid, string nsp = "/",
        EngineCloseReason reason = EngineCloseReason.TransportClose)
    {
        var socket = harness.SocketOf(sid, nsp);
        var gone = Signals.Create<string>();
        socket.Disconnected += (_, r) =>
        {
            gone.TrySetResult(r);
            return Task.CompletedTask;
        };
        connection.CloseWith(reason);
        await gone.WithTimeout();
    }

    public static string Auth(string pid, string offset) => JsonSerializer.Serialize(new { pid, offset });
}
