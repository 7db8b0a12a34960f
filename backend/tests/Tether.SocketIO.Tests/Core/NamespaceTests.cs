using System.Text.RegularExpressions;
using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Core;

public sealed class NamespaceTests
{
    [Fact]
    public async Task Of_NormalisesTheName_AndReturnsOneInstance()
    {
        await using var harness = new ServerHarness();

        Assert.Same(harness.Server.Of("chat"), harness.Server.Of("/chat"));
        Assert.Equal("/chat", harness.Server.Of("chat").Name);
        Assert.Same(harness.Server.Sockets, harness.Server.Of("/"));
        Assert.Same(harness.Server, harness.Server.Of("/chat").Server);
    }

    [Fact]
    public async Task DynamicNamespace_CreatesMatchingChildren_SharingMiddlewareAndHandlers()
    {
        await using var harness = new ServerHarness();
        var parent = harness.Server.Of(new Regex(@"^/workspace-\d+$"));
        var middlewareSaw = new List<string>();
        var connected = new List<string>();
        parent.Use((socket, next) =>
        {
            lock (middlewareSaw) middlewareSaw.Add(socket.Namespace.Name);
            return next();
        });
        parent.OnConnection(socket =>
        {
            lock (connected) connected.Add(socket.Namespace.Name);
            return Task.CompletedTask;
        });

        var connection = harness.Open();
        await ServerHarness.JoinAsync(connection, "/workspace-1");
        await ServerHarness.JoinAsync(connection, "/workspace-2");
        connection.Receive("0/workspace-x,");

        Assert.Equal("4/workspace-x,{\"message\":\"Invalid namespace\"}", await connection.WaitForPrefixAsync("4/workspace-x,"));
        Assert.Equal(["/workspace-1", "/workspace-2"], middlewareSaw);
        Assert.Equal(["/workspace-1", "/workspace-2"], connected);
        var child = harness.Server.Of("/workspace-1");
        Assert.Contains(child, parent.Children);
        Assert.Single(child.Sockets);
        Assert.Empty(parent.Sockets);
    }

    [Fact]
    public async Task MiddlewareAddedToTheParentLater_AppliesToExistingChildren()
    {
        await using var harness = new ServerHarness();
        var parent = harness.Server.Of(new Regex("^/dyn"));
        await harness.ConnectAsync("/dyn");

        parent.Use((_, _) => throw new SocketIOConnectException("closed now"));
        var connection = harness.Open();
        connection.Receive("0/dyn,");

        Assert.Equal("4/dyn,{\"message\":\"closed now\"}", await connection.WaitForPrefixAsync("4/dyn,"));
    }

    [Fact]
    public async Task PredicateNamespace_SeesTheHandshake()
    {
        await using var harness = new ServerHarness();
        harness.Server.Of((name, handshake) => name == "/private" && handshake.Auth?.GetProperty("key").GetString() == "k");

        var refused = harness.Open();
        refused.Receive("0/private,{\"key\":\"wrong\"}");
        Assert.StartsWith("4/private,", await refused.WaitForPrefixAsync("4/private,"));

        var (_, sid) = await harness.ConnectAsync("/private", "{\"key\":\"k\"}");
        Assert.NotNull(harness.SocketOf(sid, "/private"));
    }

    [Fact]
    public async Task BroadcastOnTheParent_ReachesEveryChild_WithItsOwnName()
    {
        await using var harness = new ServerHarness();
        var parent = harness.Server.Of(new Regex("^/room-"));
        var (a, _) = await harness.ConnectAsync("/room-a");
        var (b, _) = await harness.ConnectAsync("/room-b");
        var (root, _) = await harness.ConnectAsync();

        await parent.EmitAsync("announce", "hi");

        Assert.Equal("2/room-a,[\"announce\",\"hi\"]", a.Texts[^1]);
        Assert.Equal("2/room-b,[\"announce\",\"hi\"]", b.Texts[^1]);
        Assert.DoesNotContain(root.Texts, t => t.Contains("announce"));
        Assert.Equal(2, (await parent.FetchSocketsAsync()).Count);
    }

    [Fact]
    public async Task StaticNamespace_WinsOverADynamicMatch()
    {
        await using var harness = new ServerHarness();
        var dynamicConnected = false;
        harness.Server.Of(new Regex(".*")).OnConnection(_ =>
        {
            dynamicConnected = true;
            return Task.CompletedTask;
        });
        var staticConnected = Signals.Create<bool>();
        harness.Server.Of("/fixed").OnConnection(_ =>
        {
            staticConnected.TrySetResult(true);
            return Task.CompletedTask;
        });

        await harness.ConnectAsync("/fixed");

        Assert.True(await staticConnected.WithTimeout());
        Assert.False(dynamicConnected);
    }
}
