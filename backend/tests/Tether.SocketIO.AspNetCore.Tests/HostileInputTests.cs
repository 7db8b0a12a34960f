using System.Net.WebSockets;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// Malformed or hostile packets close the sender's connection and nothing else: a bystander keeps being served and
/// a new client can still connect.
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>
    /// Frames sent after joining "/". A frame "b:1,2,3" is binary with those bytes; anything else is text, sent as is
    /// (so it includes the Engine.IO message type '4').
    /// </summary>
    public static TheoryData<string, string[]> HostileFrames() => new()
    {
        { "unknown packet type", ["4abc"] },
        { "packet type out of range", ["49[\"message\"]"] },
        { "event payload not an array", ["42{}"] },
        { "invalid ack id", ["42abc[\"message-with-ack\",1]"] },
        { "truncated JSON", ["42[\"message\",{\"a\":"] },
        { "event without a name", ["42[]"] },
        { "event name not a string", ["42[1,2]"] },
        { "binary frame with no packet waiting for it", ["b:1,2,3"] },
        { "placeholder number out of range", ["451-[\"message\",{\"_placeholder\":true,\"num\":5}]", "b:1"] },
        { "attachment count over the limit", ["4511-[\"message\"" + string.Concat(Enumerable.Range(0, 11).Select(i => $",{{\"_placeholder\":true,\"num\":{i}}}")) + "]"] },
        { "JSON nested past the depth limit", ["42[\"message\"," + new string('[', 200) + new string(']', 200) + "]"] },
        { "unknown Engine.IO packet type", ["9"] },
        { "CONNECT payload that is not an object", ["40/custom,\"token\""] },
        { "CONNECT_ERROR sent by a client", ["44{\"message\":\"no\"}"] },
        { "EVENT for a namespace not joined", ["42/custom,[\"message\"]"] },
    };

    [Theory]
    [MemberData(nameof(HostileFrames))]
    public async Task Hostile_frames_close_only_their_connection(string description, string[] frames)
    {
        await using var server = await TestServer.StartAsync();
        await using var bystander = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);
        await using var attacker = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);

        try
        {
            foreach (var frame in frames)
            {
                if (frame.StartsWith("b:")) await attacker.SendBinaryAsync(frame[2..].Split(',').Select(byte.Parse).ToArray());
                else await attacker.SendTextAsync(frame);
            }
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            // The server may reject a packet as soon as its text part arrives (a placeholder out of range needs no
            // attachment to be wrong) and close before the rest of the frames are sent; the wait below checks it did.
        }

        await attacker.WaitClosedAsync(because: description);
        await bystander.SendTextAsync("42[\"message\",\"still here\"]");
        Assert.Equal("42[\"message-back\",\"still here\"]", await bystander.ReceiveTextAsync());
        await using var newcomer = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.NodeOnly), MemberType = typeof(ClientMatrix))]
    public async Task Malformed_packet_from_the_npm_client_closes_only_its_connection(TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(ClientKind.Node, mode);
        var attacker = s.Clients.CreateNode("attacker");
        await attacker.ConnectAsync();
        var bystander = await s.Clients.ConnectAsync("bystander");
        if (mode == TransportMode.PollingThenUpgrade) await attacker.UpgradedAsync();

        // Written below the Socket.IO encoder: an EVENT whose JSON never ends.
        await attacker.RawWriteAsync("2[\"message\",{\"unterminated\":");

        await attacker.DisconnectedAsync();
        await s.Server.Observer.DisconnectAsync(attacker.Sid!);
        await bystander.EmitAsync("message", "still served");
        Json.Equal("""["still served"]""", await bystander.EventAsync("message-back"));
        var newcomer = await s.Clients.ConnectAsync("newcomer");
        Json.Equal("[{}]", await newcomer.EventAsync("auth"));
        Assert.Equal(2, s.Server.Io.ClientsCount);
    }

    [Fact]
    public async Task Connection_that_never_joins_a_namespace_is_closed_after_connect_timeout()
    {
        await using var server = await TestServer.StartAsync(settings => settings.ConnectTimeout = TimeSpan.FromMilliseconds(1000));
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var idle = await RawWebSocket.ConnectAsync(server.Url, "/socket.io/");
        Assert.StartsWith("0{", await idle.ReceiveTextAsync());

        await idle.WaitClosedAsync();

        // Pings are answered, so only the connect timeout can explain the close.
        Assert.InRange(started.ElapsedMilliseconds, 800, 6000);
    }

    [Fact]
    public async Task Oversized_websocket_frame_is_refused()
    {
        await using var server = await TestServer.StartAsync();
        await using var attacker = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);

        bool droppedWhileSending = false;
        try
        {
            await attacker.SendTextAsync("42[\"message\",\"" + new string('x', 1_000_001) + "\"]");
        }
        catch (Exception ex) when (ex is WebSocketException or IOException)
        {
            // The server refused the frame from its header and dropped the connection before the client finished
            // writing the rest: a broken pipe here is the refusal, seen from the client's side.
            droppedWhileSending = true;
        }

        if (!droppedWhileSending) await attacker.WaitClosedAsync();
        await using var newcomer = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);
        await newcomer.SendTextAsync("42[\"message\",\"ok\"]");
        Assert.Equal("42[\"message-back\",\"ok\"]", await newcomer.ReceiveTextAsync());
    }
}
