using System.Text;
using Tether.EngineIO;
using Tether.SocketIO;

namespace Tether.Benchmarks;

/// <summary>
/// A real <see cref="SocketIOServer"/> fed by <see cref="CountingConnection"/>s through its Engine.IO handler
/// interface: the same calls the transports make, without any network. The /video handlers match BenchHost's.
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly IEngineConnectionHandler _engine;

    public InProcessServer()
    {
        Server = new SocketIOServer();
        _engine = Server;
        Video = Server.Of("/video");
        Video.OnConnection(socket =>
        {
            socket.On("join", (SocketIOArgs args, SocketAck? ack) =>
            {
                socket.Join("session:" + args.GetJson(0).GetProperty("sessionId").GetString());
                return ack is null ? Task.CompletedTask : ack(new { ok = true });
            });
            socket.On("echo", (SocketIOArgs args, SocketAck? ack) => ack is null ? Task.CompletedTask : ack(args.ToArray()));
            return Task.CompletedTask;
        });
    }

    public SocketIOServer Server { get; }
    public Namespace Video { get; }

    /// <summary>Opens a connection, connects it to /video and joins <c>session:&lt;sessionId&gt;</c> when given.</summary>
    public CountingConnection Connect(string id, string? sessionId)
    {
        var connection = new CountingConnection(id);
        _engine.OnOpen(connection);
        Deliver(connection, "0/video,");
        if (sessionId is not null) Deliver(connection, $"2/video,1[\"join\",{{\"sessionId\":\"{sessionId}\"}}]");
        return connection;
    }

    /// <summary>Hands one Socket.IO packet to the server as the read loop would (synchronously).</summary>
    public void Deliver(CountingConnection connection, ReadOnlySpan<byte> packet) => _engine.OnMessage(connection, false, packet);

    public void Deliver(CountingConnection connection, string packet) => Deliver(connection, Encoding.UTF8.GetBytes(packet));

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
