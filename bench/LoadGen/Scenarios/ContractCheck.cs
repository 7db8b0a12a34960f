using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using LoadGen.Net;

namespace LoadGen.Scenarios;

/// <summary>
/// Checks that a server implements the bench contract (bench/README.md) before anything is measured on it: join,
/// leave, echo, broadcast (sender included), POST /bench/emit, GET /bench/health, over WebSocket and polling.
/// A server that fails a check is still measured, but the failure is reported next to its numbers.
/// </summary>
internal static class ContractCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<List<string>> RunAsync(RunContext ctx)
    {
        var failures = new List<string>();
        var clients = new List<SioClient>();
        using var pollingHttp = Clients.NewPollingHttp();
        try
        {
            var a = await Connect(ctx, clients, Transport.WebSocket, null);
            var b = await Connect(ctx, clients, Transport.WebSocket, null);
            var inboxA = Inbox(a);
            var inboxB = Inbox(b);

            Expect(failures, "join ack", await a.RequestAsync("join", """{"sessionId":"k1"}""", Timeout), """{"ok":true}""", wrap: true);
            Expect(failures, "join ack (b)", await b.RequestAsync("join", """{"sessionId":"k1"}""", Timeout), """{"ok":true}""", wrap: true);

            var echo = await RawRequest(a, inboxA, """42/video,7["echo",1,"two",{"three":[3]},null,true]""", 7);
            Expect(failures, "echo ack", echo, """[1,"two",{"three":[3]},null,true]""", wrap: false);

            var broadcastAck = await RawRequest(a, inboxA, """42/video,8["broadcast",{"sessionId":"k1","x":1}]""", 8);
            Expect(failures, "broadcast ack", broadcastAck, """[{"ok":true}]""", wrap: false);
            var expectedBroadcast = """["broadcast",{"sessionId":"k1","x":1}]""";
            Expect(failures, "broadcast to sender", await inboxA.NextEventAsync(), expectedBroadcast, wrap: false);
            Expect(failures, "broadcast to member", await inboxB.NextEventAsync(), expectedBroadcast, wrap: false);

            var emitted = await PostEmitAsync(ctx, """{"sessionId":"k1","count":3,"ts":5,"pad":"p"}""");
            Expect(failures, "POST /bench/emit", emitted, """{"emitted":3}""", wrap: false);
            for (var seq = 0; seq < 3; seq++)
            {
                var expected = $$"""["resource-uploaded",{"sessionId":"k1","seq":{{seq}},"ts":5,"pad":"p"}]""";
                Expect(failures, $"resource-uploaded #{seq} (a)", await inboxA.NextEventAsync(), expected, wrap: false);
                Expect(failures, $"resource-uploaded #{seq} (b)", await inboxB.NextEventAsync(), expected, wrap: false);
            }

            var health = await ctx.Server.TryHealthAsync(ctx.Http);
            var clientsReported = health is { } h && h.TryGetProperty("clients", out var c) ? c.GetInt32() : -1;
            if (health is not { } hh || !hh.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True || clientsReported != 2)
                failures.Add($"GET /bench/health: expected ok:true, clients:2, got {health?.GetRawText() ?? "nothing"}");

            Expect(failures, "leave ack", await b.RequestAsync("leave", """{"sessionId":"k1"}""", Timeout), """{"ok":true}""", wrap: true);
            await PostEmitAsync(ctx, """{"sessionId":"k1","count":1,"ts":6,"pad":""}""");
            var afterLeave = """["resource-uploaded",{"sessionId":"k1","seq":0,"ts":6,"pad":""}]""";
            Expect(failures, "emit after leave (member)", await inboxA.NextEventAsync(), afterLeave, wrap: false);
            if (await inboxB.NextEventAsync(TimeSpan.FromMilliseconds(300)) is { } leaked)
                failures.Add("emit after leave reached the client that left: " + leaked);

            var p = await Connect(ctx, clients, Transport.Polling, pollingHttp);
            var inboxP = Inbox(p);
            var polled = await RawRequest(p, inboxP, """42/video,9["echo","over polling",{"n":2}]""", 9);
            Expect(failures, "echo ack over polling", polled, """["over polling",{"n":2}]""", wrap: false);
        }
        catch (Exception e)
        {
            failures.Add($"contract check aborted: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await Clients.CloseAllAsync(clients);
        }
        return failures;
    }

    private static async Task<SioClient> Connect(RunContext ctx, List<SioClient> all, Transport transport, HttpClient? http)
    {
        var opened = await Clients.OpenAsync(ctx, 1, 1, transport, _ => null, pollingHttp: http);
        if (opened.Clients.Count == 0) throw new IOException($"connect over {transport} failed: {opened.FirstError}");
        all.AddRange(opened.Clients);
        return opened.Clients[0];
    }

    private static async Task<string> RawRequest(SioClient client, PacketInbox inbox, string packet, long id)
    {
        client.Send(Encoding.UTF8.GetBytes(packet));
        return await inbox.AckAsync(id) ?? "(no ack)";
    }

    private static async Task<string> PostEmitAsync(RunContext ctx, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await ctx.Http.PostAsync(new Uri(ctx.Server.BaseUri, "bench/emit"), content);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : $"HTTP {(int)response.StatusCode}";
    }

    // Compares JSON semantically (property order and spacing do not matter); `wrap` compares a request's ack, whose
    // JSON is the ack's argument array, against a single expected argument.
    private static void Expect(List<string> failures, string what, string? actual, string expected, bool wrap)
    {
        var want = wrap ? $"[{expected}]" : expected;
        try
        {
            if (actual is not null && JsonElement.DeepEquals(JsonDocument.Parse(actual).RootElement, JsonDocument.Parse(want).RootElement)) return;
        }
        catch (JsonException)
        {
        }
        failures.Add($"{what}: expected {want}, got {actual ?? "nothing"}");
    }

    private static PacketInbox Inbox(SioClient client)
    {
        var inbox = new PacketInbox();
        client.OnPacket = inbox.OnPacket;
        return inbox;
    }

    /// <summary>Collects a client's events and acks so the check can await them one by one.</summary>
    private sealed class PacketInbox
    {
        private readonly Channel<string> _events = Channel.CreateUnbounded<string>();
        private readonly ConcurrentDictionary<long, TaskCompletionSource<string>> _acks = new();

        public void OnPacket(SioClient client, in SioPacket p)
        {
            var json = Encoding.UTF8.GetString(p.Json);
            if (p.Type == SioPacket.Event) _events.Writer.TryWrite(json);
            else if (p.Type == SioPacket.Ack) AckSource(p.Id).TrySetResult(json);
        }

        private TaskCompletionSource<string> AckSource(long id) =>
            _acks.GetOrAdd(id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

        public async Task<string?> AckAsync(long id)
        {
            try { return await AckSource(id).Task.WaitAsync(Timeout); }
            catch (TimeoutException) { return null; }
        }

        public async Task<string?> NextEventAsync(TimeSpan? timeout = null)
        {
            using var cts = new CancellationTokenSource(timeout ?? Timeout);
            try { return await _events.Reader.ReadAsync(cts.Token); }
            catch (OperationCanceledException) { return null; }
        }
    }
}
