using System.Text.Json.Nodes;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// Creates the clients of one test, all of one kind and transport mode, and disposes them (and the Node process)
/// at the end of the test.
/// </summary>
public sealed class TestClients : IAsyncDisposable
{
    private readonly List<DotNetTestClient> _dotNetClients = [];
    private readonly TestServer _server;

    private TestClients(ClientKind kind, TransportMode mode, TestServer server, NodeDriver? driver)
    {
        Kind = kind;
        Mode = mode;
        _server = server;
        Driver = driver;
    }

    /// <summary>The client library in use.</summary>
    public ClientKind Kind { get; }

    /// <summary>The transport mode in use.</summary>
    public TransportMode Mode { get; }

    /// <summary>The Node process, for the Node client kind.</summary>
    public NodeDriver? Driver { get; }

    /// <summary>Prepares clients of <paramref name="kind"/> against <paramref name="server"/> (starts Node if needed).</summary>
    public static async Task<TestClients> StartAsync(ClientKind kind, TransportMode mode, TestServer server)
    {
        var driver = kind == ClientKind.Node ? await NodeDriver.StartAsync() : null;
        return new TestClients(kind, mode, server, driver);
    }

    /// <summary>A new, not yet connected client. <paramref name="manager"/> (Node only) shares an Engine.IO connection.</summary>
    public TestClient Create(string name, string @namespace = "/", JsonNode? auth = null, string? manager = null)
    {
        if (Kind == ClientKind.Node) return new NodeTestClient(Driver!, name, _server.Url, @namespace, Mode, auth, manager);
        if (manager is not null) throw new NotSupportedException("SocketIOClient has no shared Manager: one connection per socket.");
        var client = new DotNetTestClient(name, _server.Url, @namespace, Mode, auth);
        lock (_dotNetClients) _dotNetClients.Add(client);
        return client;
    }

    /// <summary>A new npm client (for the tests only it can drive).</summary>
    public NodeTestClient CreateNode(string name, string @namespace = "/", JsonNode? auth = null, string? manager = null)
    {
        Assert.Equal(ClientKind.Node, Kind);
        return (NodeTestClient)Create(name, @namespace, auth, manager);
    }

    /// <summary>Creates and connects a client; returns it once the server's CONNECT reply arrived.</summary>
    public async Task<TestClient> ConnectAsync(string name, string @namespace = "/", JsonNode? auth = null)
    {
        var client = Create(name, @namespace, auth);
        await client.ConnectAsync();
        return client;
    }

    /// <summary>Driver diagnostics, for failure messages.</summary>
    public string Diagnostics() => Driver?.Diagnostics() ?? "";

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _dotNetClients) await client.DisposeAsync();
        if (Driver is not null) await Driver.DisposeAsync();
    }
}
