using System.Text.Json;
using Tether.SocketIO;

namespace ConformanceHost;

/// <summary>
/// The Socket.IO behaviour the protocol test suites and the integration tests rely on. Namespaces other than
/// <c>/</c>, <c>/custom</c> and <c>/auth</c> are not declared, so the server refuses them ("Invalid namespace").
/// </summary>
public static class ConformanceNamespaces
{
    /// <summary>How long the server waits for a client's answer to <c>server-ack-request</c>.</summary>
    public static readonly TimeSpan ServerAckTimeout = TimeSpan.FromSeconds(10);

    // Node's server reports an absent CONNECT payload as an empty object; the suites expect `["auth",{}]`.
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Declares the namespaces on <paramref name="io"/>.</summary>
    public static void Configure(ISocketIOServer io)
    {
        io.Of("/").OnConnection(OnMainConnectedAsync);
        io.Of("/custom").OnConnection(EmitAuthAsync);

        io.Of("/auth")
            .Use(async (socket, next) =>
            {
                if (!HasToken(socket.Handshake.Auth, "ok"))
                    throw new SocketIOConnectException("unauthorized", new { code = 401 });
                await next();
            })
            .OnConnection(socket => socket.EmitAsync("welcome", socket.Namespace.Name));
    }

    private static Task EmitAuthAsync(Socket socket) => socket.EmitAsync("auth", socket.Handshake.Auth ?? EmptyObject);

    private static Task OnMainConnectedAsync(Socket socket)
    {
        // Handlers first, then "auth": a client may emit as soon as it sees "auth".
        socket.On("message", (args, _) => socket.EmitAsync("message-back", args.ToArray()));
        socket.On("message-with-ack", (args, ack) => ack is null ? Task.CompletedTask : ack(args.ToArray()));

        socket.On("request-server-ack", async (args, _) =>
        {
            // Ask the client with the arguments it gave us, then report what it answered.
            var answer = await socket.EmitWithAckAsync("server-ack-request", ServerAckTimeout, args.ToArray());
            await socket.EmitAsync("server-ack-result", answer.ToArray());
        });

        socket.On("get-binary", (_, _) =>
            socket.EmitAsync("binary", new byte[] { 1, 2, 3, 4 }, new { nested = "hi"u8.ToArray() }));

        socket.On("join-room", (args, ack) =>
        {
            socket.Join(args.Get<string>(0) ?? throw new ArgumentException("join-room needs a room name"));
            return ack is null ? Task.CompletedTask : ack();
        });

        socket.On("broadcast-to-room", (args, _) =>
        {
            var room = args.Get<string>(0) ?? throw new ArgumentException("broadcast-to-room needs a room name");
            var payload = args.Count > 1 ? args.ToArray()[1] : null;
            return socket.To(room).EmitAsync("room-message", payload);
        });

        socket.On("disconnect-me", (_, _) => socket.DisconnectAsync());

        return EmitAuthAsync(socket);
    }

    private static bool HasToken(JsonElement? auth, string expected) =>
        auth is { ValueKind: JsonValueKind.Object } value
        && value.TryGetProperty("token", out var token)
        && token.ValueKind == JsonValueKind.String
        && token.GetString() == expected;
}
