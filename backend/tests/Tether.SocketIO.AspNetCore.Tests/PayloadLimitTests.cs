using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>maxHttpBufferSize (1 000 000 bytes): a larger message closes its sender's connection, nobody else's.</summary>
public sealed class PayloadLimitTests
{
    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Payload_under_the_limit_is_echoed_intact(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        var text = new string('x', 900_000);

        await client.EmitAsync("message", text);

        var echoed = await client.EventAsync("message-back");
        Assert.Equal(text, echoed[0]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Oversized_payload_closes_only_the_senders_connection(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var big = await s.Clients.ConnectAsync("big");
        var bystander = await s.Clients.ConnectAsync("bystander");

        try
        {
            await big.EmitAsync("message", new string('x', 1_100_000));
        }
        catch (NullReferenceException) when (kind == ClientKind.DotNet && mode != TransportMode.WebSocket)
        {
            // SocketIOClient 3.0.6 cannot read the server's 413 reply to its POST and throws from EmitAsync
            // (HttpPollingHandler.ProduceMessageAsync); the server side is what this test is about.
        }
        catch (System.Net.WebSockets.WebSocketException) when (kind == ClientKind.DotNet && mode == TransportMode.WebSocket)
        {
            // The server closes (1009) as soon as it reads the frame header; a client still writing the rest of the
            // 1.1 MB frame may then see a broken pipe instead of the close frame.
        }

        var dropped = await s.Server.Observer.DisconnectAsync(big.Sid!);
        Assert.Equal("transport error", dropped.Str("reason"));
        await big.DisconnectedAsync();
        Assert.Equal(0, big.CountEvents("message-back"));

        await bystander.EmitAsync("message", "still served");
        Json.Equal("""["still served"]""", await bystander.EventAsync("message-back"));
        var newcomer = await s.Clients.ConnectAsync("newcomer");
        Json.Equal("[{}]", await newcomer.EventAsync("auth"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Limit_applies_to_what_clients_send_not_to_what_the_server_sends(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        var text = new string('y', 1_500_000);
        var bytes = Enumerable.Range(0, 1_200_000).Select(i => (byte)i).ToArray();

        await (await s.Server.Observer.SocketAsync(client.Sid!)).EmitAsync("direct", text, bytes);

        var received = await client.EventAsync("direct");
        Assert.Equal(text, received[0]!.GetValue<string>());
        Assert.True(Json.IsBin(received[1], out var receivedBytes));
        Assert.Equal(bytes, receivedBytes);
    }
}
