using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Watches the server side of the conformance namespaces: who connected (with the server's <see cref="Socket"/>
/// object, for tests that act on it) and who disconnected with which reason.
/// </summary>
public sealed class ServerObserver
{
    /// <summary>The namespaces the conformance server declares.</summary>
    public static readonly string[] Namespaces = ["/", "/custom", "/auth"];

    private readonly ConcurrentDictionary<string, Socket> _sockets = new();

    /// <summary>Reports <c>connection {nsp, sid}</c> and <c>disconnect {nsp, sid, reason, atMs}</c>.</summary>
    public EventLog Log { get; } = new();

    /// <summary>A clock the reports' <c>atMs</c> are read from.</summary>
    public System.Diagnostics.Stopwatch Clock { get; } = System.Diagnostics.Stopwatch.StartNew();

    internal void Attach(ISocketIOServer io)
    {
        foreach (var name in Namespaces)
        {
            io.Of(name).OnConnection(socket =>
            {
                _sockets[Key(name, socket.Id)] = socket;
                socket.Disconnected += (s, reason) =>
                {
                    Log.Add(new JsonObject
                    {
                        ["type"] = "disconnect", ["nsp"] = name, ["sid"] = s.Id, ["reason"] = reason,
                        ["atMs"] = Clock.ElapsedMilliseconds,
                    });
                    return Task.CompletedTask;
                };
                Log.Add(new JsonObject { ["type"] = "connection", ["nsp"] = name, ["sid"] = socket.Id });
                return Task.CompletedTask;
            });
        }
    }

    /// <summary>The server's socket for a client's sid, waiting until its connection handlers ran.</summary>
    public async Task<Socket> SocketAsync(string sid, string nsp = "/")
    {
        await Log.WaitAsync(r => r.Type() == "connection" && r.Str("sid") == sid && r.Str("nsp") == nsp, $"the server to see {sid} on {nsp}");
        return _sockets[Key(nsp, sid)];
    }

    /// <summary>Waits for the server to see <paramref name="sid"/> disconnect; returns the report.</summary>
    public Task<JsonObject> DisconnectAsync(string sid, string nsp = "/", TimeSpan? timeout = null) =>
        Log.WaitAsync(r => r.Type() == "disconnect" && r.Str("sid") == sid && r.Str("nsp") == nsp, $"the server to see {sid} leave {nsp}", timeout: timeout);

    private static string Key(string nsp, string sid) => nsp + "#" + sid;
}
