using Tether.SocketIO;

namespace BenchHost;

/// <summary>
/// The /video handlers of the bench contract, written the way an application would write them: typed arguments
/// for join/leave/broadcast, the raw form for echo (which must return whatever arguments came in, unchanged).
/// </summary>
public sealed class VideoNamespace : SocketIONamespaceHandler
{
    private static readonly OkReply Ok = new(true);

    public override Task OnConnectedAsync(Socket socket)
    {
        socket.On("join", (SessionRef request, SocketAck ack) =>
        {
            socket.Join(Rooms.Session(request.SessionId));
            return ack(Ok);
        });

        socket.On("leave", (SessionRef request, SocketAck ack) =>
        {
            socket.Leave(Rooms.Session(request.SessionId));
            return ack(Ok);
        });

        socket.On("echo", (SocketIOArgs args, SocketAck? ack) => ack is null ? Task.CompletedTask : ack(args.ToArray()));

        // The whole room, sender included: the namespace's operator, not socket.To (which excludes the sender).
        socket.On("broadcast", async (SocketIOArgs args, SocketAck? ack) =>
        {
            var request = args.Get<SessionRef>(0);
            await socket.Namespace.To(Rooms.Session(request?.SessionId)).EmitAsync("broadcast", args.GetJson(0));
            if (ack is not null) await ack(Ok); // the raw form gets no ack when none was asked for
        });

        return Task.CompletedTask;
    }
}
