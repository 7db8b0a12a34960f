using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tether.EngineIO;

namespace Tether.SocketIO.Tests.Infrastructure;

/// <summary>
/// Drives a <see cref="SocketIOServer"/> through <see cref="IEngineConnectionHandler"/> with fake connections: no
/// network, no Engine.IO transport.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public ServerHarness(Action<SocketIOOptions>? configure = null, IServiceProvider? services = null)
    {
        var options = new SocketIOOptions();
        configure?.Invoke(options);
        Server = new SocketIOServer(options, services: services);
    }

    /// <summary>Wraps an existing server (e.g. one resolved from DI).</summary>
    public ServerHarness(SocketIOServer server) => Server = server;

    public SocketIOServer Server { get; }

    private IEngineConnectionHandler Handler => Server;

    /// <summary>Opens an Engine.IO connection (no namespace joined yet).</summary>
    public FakeEngineConnection Open(Action<HttpContext>? configureRequest = null)
    {
        var connection = new FakeEngineConnection(Handler, configureRequest);
        Handler.OnOpen(connection);
        return connection;
    }

    /// <summary>Opens a connection and joins <paramref name="nsp"/>; returns the connection and the socket id.</summary>
    public async Task<(FakeEngineConnection Connection, string Sid)> ConnectAsync(string nsp = "/", string? auth = null)
    {
        var connection = Open();
        var sid = await JoinAsync(connection, nsp, auth);
        return (connection, sid);
    }

    /// <summary>Sends CONNECT for <paramref name="nsp"/> and waits for the reply; returns the sid.</summary>
    public static async Task<string> JoinAsync(FakeEngineConnection connection, string nsp = "/", string? auth = null)
    {
        var prefix = nsp == "/" ? "0" : $"0{nsp},";
        connection.Receive(prefix + (auth ?? ""));
        var reply = await connection.WaitForTextAsync(t => t.StartsWith(prefix + "{", StringComparison.Ordinal) && t.Contains("\"sid\""));
        using var json = JsonDocument.Parse(reply[prefix.Length..]);
        return json.RootElement.GetProperty("sid").GetString()!;
    }

    /// <summary>The server-side socket with id <paramref name="sid"/> in <paramref name="nsp"/>.</summary>
    public Socket SocketOf(string sid, string nsp = "/") => Server.Of(nsp).Sockets[sid];

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
