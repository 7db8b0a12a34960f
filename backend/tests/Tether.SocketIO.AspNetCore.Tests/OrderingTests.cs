using System.Text.Json.Nodes;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// Bursts in both directions arrive complete, once each and in order — over polling (batched payloads), WebSocket,
/// and while the connection upgrades from one to the other.
/// </summary>
public sealed class OrderingTests
{
    private const int Burst = 200;

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Client_burst_is_echoed_in_order(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        // Not waiting for the connection or the upgrade: the burst overlaps both.
        var client = s.Clients.Create("a");
        var connected = client.ConnectAsync();
        if (kind == ClientKind.DotNet) await connected; // SocketIOClient refuses to emit before it is connected.

        for (var i = 0; i < Burst; i++) await client.EmitAsync("message", i, i % 10 == 0 ? Json.Bin((byte)i) : "t" + i);

        await connected;
        await client.EventAsync("message-back", Burst - 1);
        var echoes = client.Events("message-back");
        Assert.Equal(Burst, echoes.Count);
        for (var i = 0; i < Burst; i++)
            Json.Equal(new JsonArray(i, i % 10 == 0 ? Json.Bin((byte)i) : "t" + i), echoes[i]);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Server_burst_arrives_in_order(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        var socket = await s.Server.Observer.SocketAsync(client.Sid!);

        // Right after the connection: for the upgrade mode this overlaps the upgrade.
        var sends = new List<Task>();
        for (var i = 0; i < Burst; i++)
            sends.Add(i % 2 == 0 ? socket.EmitAsync("notice", i) : s.Server.Io.To(client.Sid!).EmitAsync("notice", i, new byte[] { (byte)i }));
        await Task.WhenAll(sends);

        await client.EventAsync("notice", Burst - 1);
        var notices = client.Events("notice");
        Assert.Equal(Burst, notices.Count);
        for (var i = 0; i < Burst; i++)
            Json.Equal(i % 2 == 0 ? new JsonArray(i) : new JsonArray(i, Json.Bin((byte)i)), notices[i]);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Concurrent_acks_are_matched_to_their_requests(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");

        var acks = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => client.EmitWithAckAsync("message-with-ack", i, "n" + i)));

        for (var i = 0; i < acks.Length; i++) Json.Equal(new JsonArray(i, "n" + i), acks[i]);
    }
}
