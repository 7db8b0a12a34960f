using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Records the HTTP requests reaching the Socket.IO path, so a test can check which transport a client really
/// used (no WebSocket request in polling-only mode, a WebSocket request carrying the polling sid when upgrading).
/// </summary>
public sealed class TransportRecorder
{
    /// <summary>Reports <c>request {method, transport, sid, websocket}</c>.</summary>
    public EventLog Log { get; } = new();

    internal RequestDelegate Middleware(RequestDelegate next, string path) => context =>
    {
        if (context.Request.Path.StartsWithSegments(path.TrimEnd('/')))
        {
            Log.Add(new JsonObject
            {
                ["type"] = "request",
                ["method"] = context.Request.Method,
                ["transport"] = context.Request.Query["transport"].ToString(),
                ["sid"] = context.Request.Query["sid"].ToString(),
                // The WebSockets middleware may not have run yet, so the Upgrade header tells a WebSocket request.
                ["websocket"] = context.Request.Headers.Upgrade.ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase),
            });
        }
        return next(context);
    };

    /// <summary>The requests seen so far.</summary>
    public IReadOnlyList<JsonObject> Requests => Log.Snapshot();

    /// <summary>Whether any WebSocket request was seen.</summary>
    public bool SawWebSocket => Log.Count(r => r["websocket"]!.GetValue<bool>()) > 0;

    /// <summary>Whether any polling request was seen.</summary>
    public bool SawPolling => Log.Count(r => r.Str("transport") == "polling") > 0;

    /// <summary>
    /// Checks the requests match <paramref name="mode"/>: only polling, only WebSocket, or polling followed by a
    /// WebSocket request (waited for, since the upgrade may follow the connection). The npm client upgrades its
    /// polling session in place (the WebSocket request carries the sid); SocketIOClient 3.0.6 instead opens a fresh
    /// WebSocket session after the polling handshake, so <paramref name="kind"/> decides what an upgrade looks like.
    /// </summary>
    public async Task AssertModeAsync(TransportMode mode, ClientKind kind = ClientKind.Node)
    {
        switch (mode)
        {
            case TransportMode.Polling:
                Assert.True(SawPolling, "expected polling requests");
                Assert.False(SawWebSocket, "a polling-only client made a WebSocket request:\n" + Log.Dump());
                break;
            case TransportMode.WebSocket:
                Assert.True(SawWebSocket, "expected a WebSocket request");
                Assert.False(SawPolling, "a WebSocket-only client made polling requests:\n" + Log.Dump());
                break;
            case TransportMode.PollingThenUpgrade:
                Assert.True(SawPolling, "expected polling requests before the upgrade");
                if (kind == ClientKind.Node)
                    await Log.WaitAsync(r => r["websocket"]!.GetValue<bool>() && r.Str("sid") is { Length: > 0 },
                        "a WebSocket upgrade request carrying the polling session's sid");
                else
                    await Log.WaitAsync(r => r["websocket"]!.GetValue<bool>(), "a WebSocket request after the polling handshake");
                break;
        }
    }
}
