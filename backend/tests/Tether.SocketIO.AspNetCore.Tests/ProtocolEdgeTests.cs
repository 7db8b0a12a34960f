using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// Protocol corners seen from a bare WebSocket peer, with exact frames: a refused namespace can be retried on the
/// same connection, and a connection that only ever got refused still falls under the connect timeout.
/// </summary>
public sealed class ProtocolEdgeTests
{
    [Fact]
    public async Task Refused_namespace_can_be_retried_on_the_same_connection()
    {
        await using var server = await TestServer.StartAsync();
        await using var socket = await RawWebSocket.ConnectAsync(server.Url, "/socket.io/");
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("40/auth,{\"token\":\"no\"}");
        Assert.Equal("44/auth,{\"message\":\"unauthorized\",\"data\":{\"code\":401}}", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("40/auth,{\"token\":\"ok\"}");

        Assert.StartsWith("40/auth,{\"sid\":\"", await socket.ReceiveTextAsync());
        Assert.Equal("42/auth,[\"welcome\",\"/auth\"]", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Unknown_namespace_gets_the_exact_connect_error_packet()
    {
        await using var server = await TestServer.StartAsync();
        await using var socket = await RawWebSocket.ConnectAsync(server.Url, "/socket.io/");
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("40/random");

        Assert.Equal("44/random,{\"message\":\"Invalid namespace\"}", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Connection_with_only_refused_namespaces_is_closed_after_connect_timeout()
    {
        await using var server = await TestServer.StartAsync(settings => settings.ConnectTimeout = TimeSpan.FromMilliseconds(1000));
        await using var socket = await RawWebSocket.ConnectAsync(server.Url, "/socket.io/");
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("40/nowhere,");
        Assert.StartsWith("44/nowhere,", await socket.ReceiveTextAsync());

        await socket.WaitClosedAsync();
    }

    [Fact]
    public async Task Leaving_a_namespace_keeps_the_connection_and_the_namespace_can_be_rejoined()
    {
        await using var server = await TestServer.StartAsync();
        await using var socket = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);

        await socket.SendTextAsync("40/custom,");
        Assert.StartsWith("40/custom,{\"sid\":", await socket.ReceiveTextAsync());
        Assert.Equal("42/custom,[\"auth\",{}]", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("41/custom,");
        await socket.SendTextAsync("42[\"message\",\"main still joined\"]");
        Assert.Equal("42[\"message-back\",\"main still joined\"]", await socket.ReceiveTextAsync());

        await socket.SendTextAsync("40/custom,{\"again\":true}");
        Assert.StartsWith("40/custom,{\"sid\":", await socket.ReceiveTextAsync());
        Assert.Equal("42/custom,[\"auth\",{\"again\":true}]", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Late_or_unknown_acks_are_ignored()
    {
        await using var server = await TestServer.StartAsync();
        await using var socket = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);
        var serverSocket = server.Io.Sockets.Sockets.Values.Single();

        var pending = serverSocket.EmitWithAckAsync("question", TimeSpan.FromMilliseconds(300), "quick?");
        var question = await socket.ReceiveTextAsync();
        var id = question[2..question.IndexOf('[')];
        Assert.Equal("42" + id + "[\"question\",\"quick?\"]", question);
        await Assert.ThrowsAsync<SocketIOAckTimeoutException>(() => pending);

        await socket.SendTextAsync("43" + id + "[\"too late\"]");
        await socket.SendTextAsync("43987654[\"never asked\"]");
        await socket.SendTextAsync("42[\"message\",\"still connected\"]");

        Assert.Equal("42[\"message-back\",\"still connected\"]", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Binary_echo_has_the_exact_wire_form()
    {
        await using var server = await TestServer.StartAsync();
        await using var socket = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);

        await socket.SendTextAsync("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await socket.SendBinaryAsync([1, 2, 3]);
        await socket.SendBinaryAsync([4, 5, 6]);

        Assert.Equal("452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", await socket.ReceiveTextAsync());
        Assert.Equal(new byte[] { 1, 2, 3 }, await socket.ReceiveBinaryAsync());
        Assert.Equal(new byte[] { 4, 5, 6 }, await socket.ReceiveBinaryAsync());
    }

    [Fact]
    public async Task Empty_binary_attachment_is_echoed_as_an_empty_binary_frame()
    {
        await using var server = await TestServer.StartAsync();
        await using var socket = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);

        await socket.SendTextAsync("451-[\"message\",{\"_placeholder\":true,\"num\":0}]");
        await socket.SendBinaryAsync([]);

        Assert.Equal("451-[\"message-back\",{\"_placeholder\":true,\"num\":0}]", await socket.ReceiveTextAsync());
        Assert.Empty(await socket.ReceiveBinaryAsync());
    }

    [Fact]
    public async Task Ack_echo_has_the_exact_wire_form()
    {
        await using var server = await TestServer.StartAsync();
        await using var socket = await RawWebSocket.ConnectToMainNamespaceAsync(server.Url);

        await socket.SendTextAsync("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");
        Assert.Equal("43456[1,\"2\",{\"3\":[false]}]", await socket.ReceiveTextAsync());

        await socket.SendTextAsync("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await socket.SendBinaryAsync([1, 2, 3]);
        await socket.SendBinaryAsync([4, 5, 6]);
        Assert.Equal("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", await socket.ReceiveTextAsync());
        Assert.Equal(new byte[] { 1, 2, 3 }, await socket.ReceiveBinaryAsync());
        Assert.Equal(new byte[] { 4, 5, 6 }, await socket.ReceiveBinaryAsync());
    }
}
