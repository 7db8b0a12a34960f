using System.Net;
using System.Text.Json;
using Tether.EngineIO.Tests.Infrastructure;

namespace Tether.EngineIO.Tests;

public sealed class PollingTests
{
    [Fact]
    public async Task Post_batch_is_fully_handled_before_ok_and_one_get_drains_all_replies()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();

        using var post = await host.PostAsync(sid, "4one\u001e4two\u001e6\u001e4three");
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("ok", await post.Content.ReadAsStringAsync());
        Assert.Equal("text/html; charset=UTF-8", post.Content.Headers.ContentType!.ToString());

        // The echo handler sent each reply inside OnMessage, so all three are queued by the time "ok" arrives.
        Assert.Equal("4one\u001e4two\u001e4three", await host.PollAsync(sid));
    }

    [Fact]
    public async Task Waiting_get_is_released_by_a_message()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        var poll = host.PollAsync(sid);
        await host.WaitForWaitingGetAsync(sid);
        Assert.False(poll.IsCompleted);

        using var post = await host.PostAsync(sid, "4hello");
        Assert.Equal("4hello", await poll.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Binary_messages_travel_as_base64_both_ways()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        var payload = Convert.ToBase64String([1, 2, 3, 250, 255]);
        using var post = await host.PostAsync(sid, "b" + payload + "\u001e4text");
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("b" + payload + "\u001e4text", await host.PollAsync(sid));
    }

    [Fact]
    public async Task Unicode_text_round_trips()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        using var post = await host.PostAsync(sid, "4héllo ✓ 😀");
        Assert.Equal("4héllo ✓ 😀", await host.PollAsync(sid));
    }

    [Fact]
    public async Task Concurrent_second_get_closes_the_session()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        var first = host.PollAsync(sid);
        await host.WaitForWaitingGetAsync(sid);

        using var second = await host.Http.GetAsync(EngineTestHost.PollingUrl(sid));
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("1", await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(EngineCloseReason.TransportError, await host.Handler.WaitClosedAsync(sid));
        Assert.Equal(0, host.Server.ClientsCount);
    }

    [Fact]
    public async Task Aborted_get_closes_the_session()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        using var cts = new CancellationTokenSource();
        var poll = host.Http.GetAsync(EngineTestHost.PollingUrl(sid), cts.Token);
        await host.WaitForWaitingGetAsync(sid);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);

        Assert.Equal(EngineCloseReason.TransportClose, await host.Handler.WaitClosedAsync(sid));
        using var after = await host.Http.GetAsync(EngineTestHost.PollingUrl(sid));
        Assert.Equal(HttpStatusCode.BadRequest, after.StatusCode);
        Assert.Contains("\"code\":1", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Client_close_packet_closes_the_session()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        using var post = await host.PostAsync(sid, "1");
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(EngineCloseReason.ClientClose, await host.Handler.WaitClosedAsync(sid));
        Assert.Equal(0, host.Server.ClientsCount);
    }

    [Fact]
    public async Task Server_close_flushes_queued_messages_then_sends_close_packet()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        using var post = await host.PostAsync(sid, "4server-close");
        Assert.Equal(EngineCloseReason.ServerClose, await host.Handler.WaitClosedAsync(sid));
        Assert.Equal("4bye\u001e1", await host.PollAsync(sid));
        Assert.False(host.Handler.Connections[sid].Send(EngineMessage.Text("late")));
        Assert.Equal(1, host.Handler.CloseCount(sid));
    }

    [Fact]
    public async Task Oversized_post_is_413_and_closes_the_session()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxHttpBufferSize = 1000);
        var (sid, open) = await host.HandshakeAsync();
        Assert.Equal(1000, open.GetProperty("maxPayload").GetInt32());
        using var post = await host.PostAsync(sid, "4" + new string('x', 2000));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, post.StatusCode);
        Assert.Equal(EngineCloseReason.TransportError, await host.Handler.WaitClosedAsync(sid));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("4ok\u001e")]
    [InlineData("b!!notbase64")]
    [InlineData("5")]
    public async Task Invalid_packet_closes_only_that_session(string payload)
    {
        await using var host = await EngineTestHost.StartAsync();
        var (bystander, _) = await host.HandshakeAsync();
        var (sid, _) = await host.HandshakeAsync();
        using var post = await host.PostAsync(sid, payload);
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(EngineCloseReason.TransportError, await host.Handler.WaitClosedAsync(sid));

        Assert.False(host.Handler.IsClosed(bystander));
        using var ok = await host.PostAsync(bystander, "4still here");
        Assert.Equal("4still here", await host.PollAsync(bystander));

        var (fresh, _) = await host.HandshakeAsync();
        using var freshPost = await host.PostAsync(fresh, "4fresh");
        Assert.Equal("4fresh", await host.PollAsync(fresh));
    }

    [Fact]
    public async Task Exceeding_the_send_buffer_closes_as_slow_consumer()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxBufferedBytes = 1000);
        var (sid, _) = await host.HandshakeAsync();
        var connection = host.Handler.Connections[sid];
        Assert.True(connection.Send(EngineMessage.Text(new string('a', 600))));
        Assert.False(connection.Send(EngineMessage.Text(new string('b', 600))));
        Assert.Equal(EngineCloseReason.SlowConsumer, await host.Handler.WaitClosedAsync(sid));
        Assert.False(connection.IsOpen);
    }

    [Fact]
    public async Task Attachments_sent_together_stay_adjacent()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        var connection = host.Handler.Connections[sid];
        Assert.True(connection.Send([EngineMessage.Text("451-[\"e\",{\"_placeholder\":true,\"num\":0}]"), EngineMessage.Binary(new byte[] { 9 })]));
        Assert.Equal("4451-[\"e\",{\"_placeholder\":true,\"num\":0}]\u001ebCQ==", await host.PollAsync(sid));
    }

    [Fact]
    public async Task Polling_session_is_writable_only_while_a_get_waits()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        var connection = host.Handler.Connections[sid];
        Assert.False(connection.IsWritable);
        var poll = host.PollAsync(sid);
        await host.WaitForWaitingGetAsync(sid);
        Assert.True(connection.IsWritable);
        connection.Send(EngineMessage.Text("x"));
        Assert.Equal("4x", await poll);
        Assert.False(connection.IsWritable);
    }

    [Fact]
    public async Task Closed_task_completes_after_close()
    {
        await using var host = await EngineTestHost.StartAsync();
        var (sid, _) = await host.HandshakeAsync();
        var connection = host.Handler.Connections[sid];
        Assert.Equal("polling", connection.TransportName);
        Assert.Equal(sid, connection.Id);
        Assert.Contains("transport=polling", connection.Request.Url);
        Assert.Equal("polling", connection.Request.Query["transport"]);
        connection.Close();
        await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(EngineCloseReason.ServerClose, await host.Handler.WaitClosedAsync(sid));
    }
}
