using ConformanceHost;

namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A test's server plus its clients. Disposing it closes the clients and stops the server; both write what they
/// recorded to the test output (shown for failed tests).
/// </summary>
public sealed class Scenario : IAsyncDisposable
{
    private Scenario(TestServer server, TestClients clients)
    {
        Server = server;
        Clients = clients;
    }

    /// <summary>The server.</summary>
    public TestServer Server { get; }

    /// <summary>The client factory.</summary>
    public TestClients Clients { get; }

    /// <summary>Starts a server (see <see cref="TestServer.StartAsync"/>) and prepares clients of one kind and mode.</summary>
    public static async Task<Scenario> StartAsync(ClientKind kind, TransportMode mode, Action<ConformanceSettings>? configure = null)
    {
        var server = await TestServer.StartAsync(configure);
        try
        {
            return new Scenario(server, await TestClients.StartAsync(kind, mode, server));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Clients.Diagnostics() is { Length: > 0 } diagnostics) TestContext.Current.TestOutputHelper?.WriteLine(diagnostics);
            await Clients.DisposeAsync();
        }
        finally
        {
            await Server.DisposeAsync();
        }
    }
}
