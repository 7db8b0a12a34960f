using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tether.SocketIO.Adapters;
using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Hosting;

public sealed class HostingTests
{
    [Fact]
    public async Task AddSocketIO_RegistersTheServerAsASingleton_WithTheConfiguredOptions()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSocketIO(o => o.ConnectTimeout = TimeSpan.FromSeconds(3));
        await using var provider = services.BuildServiceProvider();

        var server = provider.GetRequiredService<SocketIOServer>();

        Assert.Same(server, provider.GetRequiredService<ISocketIOServer>());
        Assert.Equal(TimeSpan.FromSeconds(3), server.Options.ConnectTimeout);
        Assert.IsType<InMemoryAdapterFactory>(provider.GetRequiredService<IAdapterFactory>());
    }

    [Fact]
    public async Task Options_BindFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocketIO:Path"] = "/realtime/",
            ["SocketIO:ConnectTimeout"] = "00:00:10",
            ["SocketIO:MaxRoomsPerSocket"] = "50",
            ["SocketIO:Engine:PingInterval"] = "00:00:05",
            ["SocketIO:Engine:MaxHttpBufferSize"] = "2000",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSocketIO();
        services.Configure<SocketIOOptions>(configuration.GetSection("SocketIO"));
        await using var provider = services.BuildServiceProvider();

        var server = provider.GetRequiredService<SocketIOServer>();

        Assert.Equal("/realtime/", server.Options.Path);
        Assert.Equal("/realtime/", server.Engine.Options.Path);
        Assert.Equal(TimeSpan.FromSeconds(10), server.Options.ConnectTimeout);
        Assert.Equal(50, server.Options.MaxRoomsPerSocket);
        Assert.Equal(TimeSpan.FromSeconds(5), server.Engine.Options.PingInterval);
        Assert.Equal(2000, server.Engine.Options.MaxHttpBufferSize);
    }

    [Fact]
    public async Task AdapterFactory_IsReplaceable()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IAdapterFactory, CustomFactory>();
        services.AddSocketIO();
        await using var provider = services.BuildServiceProvider();

        var server = provider.GetRequiredService<SocketIOServer>();

        Assert.IsType<CustomAdapter>(server.Sockets.Adapter);
    }

    private sealed class CustomAdapter(Namespace nsp) : InMemoryAdapter(nsp);

    private sealed class CustomFactory : IAdapterFactory
    {
        public Adapter Create(Namespace nsp) => new CustomAdapter(nsp);
    }

    public sealed class ScopedDependency : IDisposable
    {
        public Guid Id { get; } = Guid.NewGuid();

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    public sealed class ChatHandler(ScopedDependency dependency) : SocketIONamespaceHandler, IDisposable
    {
        public static readonly List<ChatHandler> Instances = new();

        public ScopedDependency Dependency => dependency;

        public string? DisconnectReason { get; private set; }

        public bool Disposed { get; private set; }

        public override Task AuthorizeAsync(Socket socket)
        {
            lock (Instances) Instances.Add(this);
            if (socket.Handshake.Auth?.GetProperty("token").GetString() != "good")
                throw new SocketIOConnectException("bad token");
            socket.Data["user"] = "ann";
            return Task.CompletedTask;
        }

        public override Task OnConnectedAsync(Socket socket)
        {
            socket.On("whoami", () => $"{socket.Data["user"]}:{dependency.Id}");
            return Task.CompletedTask;
        }

        public override Task OnDisconnectedAsync(Socket socket, string reason)
        {
            DisconnectReason = reason;
            return Task.CompletedTask;
        }

        public void Dispose() => Disposed = true;
    }

    [Fact]
    public async Task AddNamespace_CreatesAHandlerPerSocket_InTheSocketsScope()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddScoped<ScopedDependency>();
        services.AddSocketIO().AddNamespace<ChatHandler>("/chat");
        await using var provider = services.BuildServiceProvider();
        var harness = new ServerHarness(provider.GetRequiredService<SocketIOServer>());

        var refused = harness.Open();
        refused.Receive("0/chat,{\"token\":\"bad\"}");
        Assert.Equal("4/chat,{\"message\":\"bad token\"}", await refused.WaitForPrefixAsync("4/chat,"));

        var (connection, sid) = await harness.ConnectAsync("/chat", "{\"token\":\"good\"}");
        var socket = harness.SocketOf(sid, "/chat");
        var handler = ChatHandler.Instances.Single(h => h.Dependency == socket.Services.GetRequiredService<ScopedDependency>());
        connection.Receive("2/chat,1[\"whoami\"]");
        Assert.Equal($"3/chat,1[\"ann:{handler.Dependency.Id}\"]", await connection.WaitForPrefixAsync("3/chat,"));

        var disconnected = Signals.Create<bool>();
        socket.Disconnected += (_, _) =>
        {
            disconnected.TrySetResult(true);
            return Task.CompletedTask;
        };
        connection.Receive("1/chat,");
        await disconnected.WithTimeout();
        await WaitUntilAsync(() => handler.Dependency.Disposed);

        Assert.Equal(DisconnectReasons.ClientNamespaceDisconnect, handler.DisconnectReason);
        Assert.True(handler.Disposed);
        var refusedHandler = ChatHandler.Instances.Single(h => h != handler);
        Assert.True(refusedHandler.Dependency.Disposed); // a refused socket's scope and handler are released too
        Assert.True(refusedHandler.Disposed);
    }

    [Fact]
    public async Task MapSocketIO_MapsThePath_AndRunsInlineConfiguration()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSocketIO(o => o.Path = "/rt/");
        await using var app = builder.Build();
        ISocketIOServer? configured = null;

        app.MapSocketIO(io => configured = io);

        Assert.Same(app.Services.GetRequiredService<ISocketIOServer>(), configured);
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText!.StartsWith("/rt", StringComparison.Ordinal));
    }

    [Fact]
    public void MapSocketIO_WithoutAddSocketIO_ExplainsWhatIsMissing()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var ex = Assert.Throws<InvalidOperationException>(() => app.MapSocketIO());

        Assert.Contains("AddSocketIO", ex.Message);
    }

    [Fact]
    public async Task StoppingTheHost_ShutsTheServerDown()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSocketIO();
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var harness = new ServerHarness(host.Services.GetRequiredService<SocketIOServer>());
        var (_, sid) = await harness.ConnectAsync();
        var reason = Signals.Create<string>();
        harness.SocketOf(sid).Disconnected += (_, r) =>
        {
            reason.TrySetResult(r);
            return Task.CompletedTask;
        };

        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(DisconnectReasons.ServerShuttingDown, await reason.WithTimeout());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Signals.Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
