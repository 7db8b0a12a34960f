using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Core;

public sealed class MalformedPacketTests
{
    [Theory]
    [InlineData("2[\"unterminated")]
    [InlineData("9")]
    [InlineData("2{\"not\":\"an array\"}")]
    [InlineData("0/chat,\"not an object\"")]
    public async Task MalformedPacket_ClosesOnlyThatConnection_WithParseError(string bad)
    {
        await using var harness = new ServerHarness();
        var received = Signals.Create<string>();
        harness.Server.Sockets.OnConnection(s =>
        {
            s.On("hello", (string who) => received.TrySetResult(who));
            return Task.CompletedTask;
        });
        var (victim, victimSid) = await harness.ConnectAsync();
        var (bystander, _) = await harness.ConnectAsync();
        var reason = Signals.Create<string>();
        var error = Signals.Create<Exception>();
        var socket = harness.SocketOf(victimSid);
        socket.Disconnected += (_, r) =>
        {
            reason.TrySetResult(r);
            return Task.CompletedTask;
        };
        socket.Error += (_, e) =>
        {
            error.TrySetResult(e);
            return Task.CompletedTask;
        };

        victim.Receive(bad);

        Assert.Equal(DisconnectReasons.ParseError, await reason.WithTimeout());
        Assert.NotNull(await error.WithTimeout());
        await victim.Closed.WithTimeout();
        Assert.True(bystander.IsOpen);
        bystander.Receive("2[\"hello\",\"still here\"]");
        Assert.Equal("still here", await received.WithTimeout());
    }

    [Fact]
    public async Task MalformedPacket_BeforeJoining_ClosesTheConnection()
    {
        await using var harness = new ServerHarness();
        var connection = harness.Open();

        connection.Receive("garbage");

        await connection.Closed.WithTimeout();
        Assert.Equal(0, harness.Server.ClientsCount);
    }
}
