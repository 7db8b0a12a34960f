using System.Text.Json.Nodes;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>Events in both directions, text and binary, with exact payloads.</summary>
public sealed class EventTests
{
    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Client_event_comes_back_unchanged_exactly_once(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        var args = Json.Parse("""[1, "2", {"3":[true, false]}, null, 1.5, -7, "ünïcödé ✓ 😀", [[], {}], "line\nbreak \"quoted\"", "record\u001eseparator"]""")!.AsArray();

        await client.EmitAsync("message", [.. args]);
        await client.EmitAsync("message", "marker");

        Json.Equal(args, await client.EventAsync("message-back"));
        Json.Equal("""["marker"]""", await client.EventAsync("message-back", occurrence: 1));
        Assert.Equal(2, client.CountEvents("message-back"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Client_binary_comes_back_as_binary(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        var args = new JsonArray(
            Json.Bin(1, 2, 3),
            new JsonObject { ["nested"] = Json.Bin(4, 5, 6), ["list"] = new JsonArray(Json.Bin(7), "text") },
            "plain",
            Json.Bin([.. Enumerable.Range(0, 256).Select(i => (byte)i)]));
        // An empty attachment: SocketIOClient 3.0.6 never delivers one over WebSocket (not even to Node's server).
        if (kind == ClientKind.Node) args.Add(Json.Bin());

        await client.EmitAsync("message", [.. args]);

        Json.Equal(args, await client.EventAsync("message-back"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Server_sends_binary_on_request(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");

        await client.EmitAsync("get-binary");

        Json.Equal(new JsonArray(Json.Bin(1, 2, 3, 4), new JsonObject { ["nested"] = Json.Bin("hi"u8.ToArray()) }),
            await client.EventAsync("binary"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Server_socket_emits_objects_with_camel_case_and_bytes(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode);
        var client = await s.Clients.ConnectAsync("a");
        var socket = await s.Server.Observer.SocketAsync(client.Sid!);

        await socket.EmitAsync("direct", new { UserName = "ana", Scores = new[] { 1, 2 }, Avatar = new byte[] { 9, 8 } }, 42, "x");

        var expected = new JsonArray(
            new JsonObject { ["userName"] = "ana", ["scores"] = new JsonArray(1, 2), ["avatar"] = Json.Bin(9, 8) }, 42, "x");
        Json.Equal(expected, await client.EventAsync("direct"));
    }
}
