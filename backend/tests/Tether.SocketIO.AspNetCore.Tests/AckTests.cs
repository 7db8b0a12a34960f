using System.Text.Json.Nodes;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>Acknowledgements both ways: client→server acks, and the server's EmitWithAck answered by the client.</summary>
public sealed class AckTests
{
    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Server_acks_a_client_event_with_its_arguments(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");

        var text = await client.EmitWithAckAsync("message-with-ack", 1, "2", Json.Parse("""{"3":[false]}"""));
        var binary = await client.EmitWithAckAsync("message-with-ack", Json.Bin(1, 2, 3), new JsonObject { ["b"] = Json.Bin(4) });

        Json.Equal("""[1,"2",{"3":[false]}]""", text);
        Json.Equal(new JsonArray(Json.Bin(1, 2, 3), new JsonObject { ["b"] = Json.Bin(4) }), binary);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Server_ack_request_gets_the_clients_answer(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        await client.AnswerAcksAsync("server-ack-request", new JsonArray("answer", Json.Bin(7, 8)));

        await client.EmitAsync("request-server-ack", "question", 5);

        Json.Equal("""["question",5]""", await client.EventAsync("server-ack-request"));
        Json.Equal(new JsonArray("answer", Json.Bin(7, 8)), await client.EventAsync("server-ack-result"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Socket_EmitWithAck_returns_the_reply(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        await client.AnswerAcksAsync("question", new JsonArray("yes", 3));
        var socket = await s.Server.Observer.SocketAsync(client.Sid!);

        var reply = await socket.EmitWithAckAsync("question", Timeouts.Default, "ready?");

        Assert.Equal(2, reply.Count);
        Assert.Equal("yes", reply.Get<string>(0));
        Assert.Equal(3, reply.Get<int>(1));
        Json.Equal("""["ready?"]""", await client.EventAsync("question"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Socket_EmitWithAck_times_out_when_the_client_stays_silent(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        await client.IgnoreAcksAsync("question");
        var socket = await s.Server.Observer.SocketAsync(client.Sid!);

        await Assert.ThrowsAsync<SocketIOAckTimeoutException>(
            () => socket.EmitWithAckAsync("question", TimeSpan.FromMilliseconds(500), "anyone?"));

        // The question did arrive: the timeout is about the missing answer, not a lost packet.
        Json.Equal("""["anyone?"]""", await client.EventAsync("question"));
    }
}
