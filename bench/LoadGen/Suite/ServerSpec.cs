namespace LoadGen.Suite;

/// <summary>What kind of server: a Socket.IO server with the bench contract, or a raw WebSocket echo (the ceiling).</summary>
internal enum ServerKind { SocketIO, RawEcho }

/// <summary>How to start one server. <c>{port}</c> in the arguments is replaced by a free loopback port.</summary>
internal sealed record ServerSpec(string Name, ServerKind Kind, string FileName, string[] Arguments, string WorkingDirectory, string Description)
{
    /// <summary>Extra environment variables for the server process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The servers the suite knows, relative to the repository root.</summary>
    public static IReadOnlyList<ServerSpec> All(string repoRoot) =>
    [
        // Started the way the issue prescribes; --no-build because the runner built Release just before.
        new("tether", ServerKind.SocketIO, "dotnet",
            ["run", "-c", "Release", "--no-build", "--project", Path.Combine(repoRoot, "backend/hosts/BenchHost/BenchHost.csproj"),
             "--", "--urls", "http://127.0.0.1:{port}"],
            repoRoot, "Tether (BenchHost)"),
        // The same host with WebSocket handshakes through Kestrel: connection middleware (ListenOptions.UseSocketIO())
        // or the HTTP layer's upgrade. They show what taking handshakes at accept saves. Not in the default set; ask
        // for them with --servers.
        BenchHostVariant(repoRoot, "tether-conn", "connection", "handshakes in Kestrel connection middleware"),
        BenchHostVariant(repoRoot, "tether-http", "http", "handshakes through Kestrel's HTTP layer"),
        new("node", ServerKind.SocketIO, "node",
            [Path.Combine(repoRoot, "bench/node-server/server.js"), "--port", "{port}"],
            repoRoot, "Node socket.io 4.x"),
        new("kestrel-ws", ServerKind.RawEcho, "dotnet",
            [Path.Combine(repoRoot, "bench/raw-ws/kestrel/bin/Release/net10.0/RawWsEcho.dll"), "--urls", "http://127.0.0.1:{port}"],
            repoRoot, "bare Kestrel WebSocket echo"),
        new("node-ws", ServerKind.RawEcho, "node",
            [Path.Combine(repoRoot, "bench/raw-ws/node/server.js"), "--port", "{port}"],
            repoRoot, "bare Node ws echo"),
    ];

    private static ServerSpec BenchHostVariant(string repoRoot, string name, string handshakes, string description) =>
        new(name, ServerKind.SocketIO, "dotnet",
            ["run", "-c", "Release", "--no-build", "--project", Path.Combine(repoRoot, "backend/hosts/BenchHost/BenchHost.csproj"),
             "--", "--urls", "http://127.0.0.1:{port}"],
            repoRoot, "Tether (BenchHost), " + description)
        {
            Environment = new Dictionary<string, string> { ["BENCHHOST_HANDSHAKES"] = handshakes },
        };
}
