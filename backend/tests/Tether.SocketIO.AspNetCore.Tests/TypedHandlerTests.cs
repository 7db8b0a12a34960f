using System.Text.Json.Nodes;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// Typed event handlers (parameters bound from the arguments, return value as the ack) driven by real clients,
/// including binary bound to <c>byte[]</c> and arguments of the wrong type (an error ack, the connection stays).
/// </summary>
public sealed class TypedHandlerTests
{
    private sealed record Profile(string Name, string[] Tags);

    private static void DeclareTypedNamespace(ISocketIOServer io) => io.Of("/typed").OnConnection(socket =>
    {
        socket.On("add", (int a, int b) => a + b);
        socket.On("profile", (Profile profile, byte[] avatar, SocketAck ack) =>
            ack(new { Greeting = "hi " + profile.Name, Size = avatar.Length, profile.Tags, Echo = avatar }));
        socket.On("upper", async (string text, CancellationToken cancellation) =>
        {
            await Task.Yield();
            return text.ToUpperInvariant();
        });
        return Task.CompletedTask;
    });

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Typed_handlers_bind_arguments_and_ack_their_result(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode, settings => settings.ConfigureSocketIO = DeclareTypedNamespace);
        var client = await s.Clients.ConnectAsync("a", "/typed");

        Json.Equal("[5]", await client.EmitWithAckAsync("add", 2, 3));
        Json.Equal("""["ABC"]""", await client.EmitWithAckAsync("upper", "abc"));
        var profile = await client.EmitWithAckAsync("profile", Json.Parse("""{"name":"ana","tags":["x","y"]}"""), Json.Bin(1, 2, 3));
        Json.Equal(new JsonArray(new JsonObject
        {
            ["greeting"] = "hi ana", ["size"] = 3, ["tags"] = new JsonArray("x", "y"), ["echo"] = Json.Bin(1, 2, 3),
        }), profile);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Wrong_argument_type_gets_an_error_ack_and_the_connection_stays(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode, settings => settings.ConfigureSocketIO = DeclareTypedNamespace);
        var client = await s.Clients.ConnectAsync("a", "/typed");

        var rejected = await client.EmitWithAckAsync("add", "two", 3);

        Assert.Single(rejected);
        Assert.False(string.IsNullOrEmpty(rejected[0]?["error"]?.GetValue<string>()), $"expected {{error}}, got {Json.Text(rejected)}");
        Json.Equal("[2]", await client.EmitWithAckAsync("add", 1, 1));
        Assert.False(client.IsDisconnected);
    }
}
