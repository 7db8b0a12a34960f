using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tether.EngineIO.Connections;
using Tether.EngineIO.Tests.Infrastructure;
using Tether.EngineIO.WebSockets;

namespace Tether.EngineIO.Tests;

/// <summary>
/// WebSocket handshakes taken before Kestrel's HTTP layer, in connection middleware (<c>ListenOptions.UseEngineIO</c>)
/// or at accept (<c>WebHost.UseEngineIOTransport</c>): what these paths take behaves as Kestrel's upgrade does, and
/// everything they leave alone reaches Kestrel's HTTP layer untouched. <see cref="EngineTestHost.HttpRequests"/> tells
/// which path a request took.
/// </summary>
public sealed class DirectWebSocketTests
{
    private const string SampleKey = "dGhlIHNhbXBsZSBub25jZQ==";          // RFC 6455 §1.3
    private const string SampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    private const string WebSocketQuery = "EIO=4&transport=websocket";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Every handshake path: what the direct paths take must behave as Kestrel's upgrade does.</summary>
    public static TheoryData<HandshakePath> AllPaths() => new(Every);

    /// <summary>The two paths that take handshakes before Kestrel's HTTP layer.</summary>
    public static TheoryData<HandshakePath> DirectPaths() => new(Direct);

    private static readonly HandshakePath[] Every = [HandshakePath.Http, HandshakePath.Connection, HandshakePath.Accept];
    private static readonly HandshakePath[] Direct = [HandshakePath.Connection, HandshakePath.Accept];

    /// <summary>Each value on both direct paths.</summary>
    private static TheoryData<string, HandshakePath> OnDirectPaths(params string[] values)
    {
        var data = new TheoryData<string, HandshakePath>();
        foreach (var value in values)
            foreach (var path in Direct)
                data.Add(value, path);
        return data;
    }

    // ---- sessions over the direct paths ----

    [Theory]
    [MemberData(nameof(AllPaths))]
    public async Task WebSocket_session_opens_and_echoes_text_and_binary(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var ws = await host.ConnectWebSocketAsync();
        var (sid, open) = await ReadOpenAsync(ws);
        Assert.Empty(open.GetProperty("upgrades").EnumerateArray());
        Assert.Equal(25000, open.GetProperty("pingInterval").GetInt32());
        Assert.Equal(20000, open.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, open.GetProperty("maxPayload").GetInt32());
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);
        Assert.Equal(1, host.Server.ClientsCount);

        await ws.SendTextAsync("4hello ✓");
        var text = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Text, text.Type);
        Assert.Equal("4hello ✓", text.Text);

        byte[] data = [0, 1, 2, 0x34, 255];
        await ws.SendBinaryAsync(data);
        var binary = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Binary, binary.Type);
        Assert.Equal(data, binary.Data);
        // A server-initiated send larger than the socket's buffer (on the accept path, the async fallback of a send
        // that would block).
        Assert.True(host.Handler.Connections[sid].Send(EngineMessage.Text(new string('x', 200_000))));
        Assert.Equal("4" + new string('x', 200_000), (await ws.ReceiveNonPingAsync()).Text);

        // The direct path leaves no trace in the HTTP pipeline; Kestrel's upgrade goes through it.
        if (path == HandshakePath.Http) Assert.Equal([$"GET /engine.io/?{WebSocketQuery} upgrade"], host.HttpRequests);
        else Assert.Empty(host.HttpRequests);

        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(EngineCloseReason.TransportClose, await host.Handler.WaitClosedAsync(sid));
        Assert.Equal(0, host.Server.ClientsCount);
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public async Task Handshake_request_is_filled_as_on_the_http_path(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var ws = new ClientWebSocket();
        ws.Options.SetRequestHeader("X-Probe", "probe value");
        var uri = new Uri(host.WebSocketUri() + "&custom=a%20b&room=r1");
        await ws.ConnectAsync(uri, new CancellationTokenSource(Timeout).Token);
        var (sid, _) = await ReadOpenAsync(ws);

        var request = host.Handler.Connections[sid].Request;
        Assert.Equal("probe value", request.Headers["x-probe"]);
        Assert.Equal(host.BaseUri.Authority, request.Headers["Host"]);
        Assert.Equal("websocket", request.Headers["Upgrade"], ignoreCase: true);
        Assert.Equal("4", request.Query["EIO"]);
        Assert.Equal("websocket", request.Query["transport"]);
        Assert.Equal("a b", request.Query["custom"]);
        Assert.Equal("r1", request.Query["room"]);
        Assert.Equal("/engine.io/?EIO=4&transport=websocket&custom=a%20b&room=r1", request.Url);
        Assert.Equal("127.0.0.1", request.RemoteAddress);
        Assert.False(request.Secure);
        Assert.False(request.User.Identity?.IsAuthenticated ?? false);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - request.Time).TotalSeconds) < 30);
        Assert.Equal(path == HandshakePath.Http ? 1 : 0, host.HttpRequests.Count);
    }

    public static TheoryData<string, HandshakePath> CookieCases() => OnDirectPaths("none", "default", "custom", "unspecified");

    [Theory]
    [MemberData(nameof(CookieCases))]
    public async Task Raw_handshake_gets_the_exact_101_and_the_same_cookie_as_the_http_path(string cookie, HandshakePath path)
    {
        void Configure(EngineIOOptions o) => o.Cookie = cookie switch
        {
            "none" => null,
            "default" => new EngineIOCookieOptions(),
            "custom" => new EngineIOCookieOptions { Name = "sess", Path = "/app", HttpOnly = false, SameSite = SameSiteMode.Strict },
            _ => new EngineIOCookieOptions { SameSite = SameSiteMode.Unspecified },
        };
        await using var host = await EngineTestHost.StartAsync(Configure, path: path);
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host));
        var head = await raw.ReadHeadAsync();
        var sid = await raw.ReadOpenAsync();

        var setCookie = cookie switch
        {
            "none" => "",
            "default" => $"Set-Cookie: io={sid}; path=/; samesite=lax; httponly\r\n",
            "custom" => $"Set-Cookie: sess={sid}; path=/app; samesite=strict\r\n",
            _ => $"Set-Cookie: io={sid}; path=/; httponly\r\n",
        };
        Assert.Equal(
            "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            $"Sec-WebSocket-Accept: {SampleAccept}\r\n{setCookie}\r\n",
            head);
        Assert.Empty(host.HttpRequests);

        // Kestrel's upgrade sends the same cookie.
        await using var httpHost = await EngineTestHost.StartAsync(Configure);
        using var viaHttp = await RawConnection.ConnectAsync(httpHost);
        await viaHttp.WriteAsync(UpgradeHead(httpHost));
        var httpHead = await viaHttp.ReadHeadAsync();
        var httpSid = await viaHttp.ReadOpenAsync();
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", httpHead);
        Assert.Equal(
            HeaderLines(head, "Set-Cookie").Select(c => c.Replace(sid, "<sid>")),
            HeaderLines(httpHead, "Set-Cookie").Select(c => c.Replace(httpSid, "<sid>")));
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Accept_is_computed_from_the_client_key(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host, key: key));
        var head = await raw.ReadHeadAsync();
        Assert.Equal([expected], HeaderLines(head, "Sec-WebSocket-Accept"));
        Assert.NotEqual(SampleAccept, expected);
        await raw.ReadOpenAsync();
        Assert.Empty(host.HttpRequests);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Polling_still_works_on_a_direct_endpoint(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        var (sid, open) = await host.HandshakeAsync();
        Assert.Equal(["websocket"], open.GetProperty("upgrades").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("polling", host.Handler.Connections[sid].TransportName);
        using var post = await host.PostAsync(sid, "4over polling");
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("4over polling", await host.PollAsync(sid).WaitAsync(Timeout));
        Assert.Contains($"GET {EngineTestHost.PollingUrl()}", host.HttpRequests);
        Assert.Contains($"POST {EngineTestHost.PollingUrl(sid)}", host.HttpRequests);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Polling_session_upgrades_over_the_direct_path(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        var (sid, upgraded) = await host.UpgradeAsync();
        using var ws = upgraded;
        await ws.SendTextAsync("4over websocket");
        Assert.Equal("4over websocket", (await ws.ReceiveNonPingAsync()).Text);
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);
        Assert.Equal(1, host.Server.ClientsCount);
        // Server-sent messages use the WebSocket too.
        Assert.True(host.Handler.Connections[sid].Send(EngineMessage.Text("pushed")));
        Assert.Equal("4pushed", (await ws.ReceiveNonPingAsync()).Text);
        Assert.DoesNotContain(host.HttpRequests, r => r.EndsWith(" upgrade", StringComparison.Ordinal));

        // A second WebSocket for the upgraded session is left to the HTTP path, which refuses it.
        using var second = await RawConnection.ConnectAsync(host);
        await second.WriteAsync(UpgradeHead(host, query: $"{WebSocketQuery}&sid={sid}"));
        var refused = await second.ReadResponseAsync();
        Assert.Equal(400, refused.Status);
        Assert.Equal("""{"code":3,"message":"Bad request"}""", refused.Body);
        Assert.Contains($"GET /engine.io/?{WebSocketQuery}&sid={sid} upgrade", host.HttpRequests);

        await ws.SendTextAsync("4still");
        Assert.Equal("4still", (await ws.ReceiveNonPingAsync()).Text);
        Assert.False(host.Handler.IsClosed(sid));
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Upgrade_sends_the_101_before_the_probe_and_no_cookie(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(o => o.Cookie = new EngineIOCookieOptions(), path: path);
        var (sid, _) = await host.HandshakeAsync();
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host, query: $"{WebSocketQuery}&sid={sid}"));
        Assert.Equal(
            $"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: {SampleAccept}\r\n\r\n",
            await raw.ReadHeadAsync());
        await raw.WriteAsync(RawConnection.Frame(WebSocketOpcode.Text, "2probe"u8));
        Assert.Equal("3probe", await raw.ReadTextAsync());
        await raw.WriteAsync(RawConnection.Frame(WebSocketOpcode.Text, "5"u8));
        await raw.WriteAsync(RawConnection.Frame(WebSocketOpcode.Text, "4raw upgrade"u8));
        Assert.Equal("4raw upgrade", await raw.ReadTextAsync());
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);
        Assert.DoesNotContain(host.HttpRequests, r => r.EndsWith(" upgrade", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Concurrent_upgrades_of_one_session_let_exactly_one_through(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        var (sid, _) = await host.HandshakeAsync();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RawConnection.ConnectAsync(host)));
        try
        {
            var head = UpgradeHead(host, query: $"{WebSocketQuery}&sid={sid}");
            await Task.WhenAll(attempts.Select(a => a.WriteAsync(head)));

            // Each loser gets the HTTP path's 400 (it lost before the 101) or a close frame (after it).
            var winners = new List<RawConnection>();
            foreach (var attempt in attempts)
            {
                var response = await attempt.ReadHeadAsync();
                if (response.StartsWith("HTTP/1.1 400 ", StringComparison.Ordinal)) continue;
                Assert.StartsWith("HTTP/1.1 101 ", response);
                await attempt.WriteAsync(RawConnection.Frame(WebSocketOpcode.Text, "2probe"u8));
                var (opcode, payload) = await attempt.ReadFrameAsync();
                if (opcode == WebSocketOpcode.Close) continue;
                Assert.Equal("3probe", Encoding.UTF8.GetString(payload));
                winners.Add(attempt);
            }
            var winner = Assert.Single(winners);
            await winner.WriteAsync(RawConnection.Frame(WebSocketOpcode.Text, "5"u8));
            await winner.WriteAsync(RawConnection.Frame(WebSocketOpcode.Text, "4won"u8));
            Assert.Equal("4won", await winner.ReadTextAsync());
            Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);
            Assert.False(host.Handler.IsClosed(sid));
            Assert.Equal(1, host.Server.ClientsCount);
        }
        finally
        {
            foreach (var attempt in attempts) attempt.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Sid_of_a_session_that_cannot_upgrade_gets_the_http_answer(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(o => o.AllowUpgrades = false, path: path);
        var (pollingSid, _) = await host.HandshakeAsync();
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host, query: $"{WebSocketQuery}&sid={pollingSid}"));
        var response = await raw.ReadResponseAsync();
        Assert.Equal(400, response.Status);
        Assert.Equal("""{"code":3,"message":"Bad request"}""", response.Body);
        Assert.Contains($"GET /engine.io/?{WebSocketQuery}&sid={pollingSid} upgrade", host.HttpRequests);
        Assert.Equal("polling", host.Handler.Connections[pollingSid].TransportName);
        Assert.False(host.Handler.IsClosed(pollingSid));
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Sid_of_a_websocket_session_gets_the_http_answer(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var ws = await host.ConnectWebSocketAsync();
        var (sid, _) = await ReadOpenAsync(ws);
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host, query: $"{WebSocketQuery}&sid={sid}"));
        var response = await raw.ReadResponseAsync();
        Assert.Equal(400, response.Status);
        Assert.Equal("""{"code":3,"message":"Bad request"}""", response.Body);
        await ws.SendTextAsync("4unharmed");
        Assert.Equal("4unharmed", (await ws.ReceiveNonPingAsync()).Text);
    }

    // ---- what the direct path leaves to Kestrel ----

    public static TheoryData<string, HandshakePath> ErrorCases()
    {
        var data = new TheoryData<string, HandshakePath>();
        foreach (var name in ErrorRequests.Keys)
            foreach (var path in Every)
                data.Add(name, path);
        return data;
    }

    // name -> (request head with {0} for the Host header, status, body). Every one is answered by the HTTP path,
    // with or without the direct path in front.
    private static readonly Dictionary<string, (string Head, int Status, string Body)> ErrorRequests = new()
    {
        ["unknown sid"] = (Upgrade($"{WebSocketQuery}&sid=nope"), 400, """{"code":1,"message":"Session ID unknown"}"""),
        ["EIO=3"] = (Upgrade("EIO=3&transport=websocket"), 400, """{"code":5,"message":"Unsupported protocol version"}"""),
        ["no EIO"] = (Upgrade("transport=websocket"), 400, """{"code":5,"message":"Unsupported protocol version"}"""),
        ["unknown transport"] = (Upgrade("EIO=4&transport=foo"), 400, """{"code":0,"message":"Transport unknown"}"""),
        ["no transport"] = (Upgrade("EIO=4"), 400, """{"code":0,"message":"Transport unknown"}"""),
        ["websocket without upgrade headers"] = ("GET /engine.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {0}\r\n\r\n", 400, """{"code":3,"message":"Bad request"}"""),
        ["invalid key"] = (Upgrade(WebSocketQuery, key: "short"), 400, """{"code":3,"message":"Bad request"}"""),
        ["version 8"] = (Upgrade(WebSocketQuery, version: "8"), 400, """{"code":3,"message":"Bad request"}"""),
        ["Upgrade list"] = (Upgrade(WebSocketQuery, upgrade: "websocket, h2c"), 400, """{"code":3,"message":"Bad request"}"""),
        ["POST handshake"] = (Upgrade(WebSocketQuery, method: "POST", extra: "Content-Length: 0\r\n"), 400, """{"code":2,"message":"Bad handshake method"}"""),
    };

    private static string Upgrade(string query, string key = SampleKey, string version = "13", string upgrade = "websocket", string method = "GET", string extra = "")
        => $"{method} /engine.io/?{query} HTTP/1.1\r\nHost: {{0}}\r\nConnection: Upgrade\r\nUpgrade: {upgrade}\r\n" +
           $"Sec-WebSocket-Version: {version}\r\nSec-WebSocket-Key: {key}\r\n{extra}\r\n";

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task Malformed_handshakes_get_the_http_error_answer(string name, HandshakePath path)
    {
        var (head, status, body) = ErrorRequests[name];
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(string.Format(head, host.BaseUri.Authority));
        var response = await raw.ReadResponseAsync();
        Assert.Equal(status, response.Status);
        Assert.Equal(body, response.Body);
        Assert.Equal(["application/json"], HeaderLines(response.Head, "Content-Type"));
        Assert.Single(host.HttpRequests);
        Assert.Equal(0, host.Server.ClientsCount);

        // The connection stays an HTTP/1.1 connection: a polling handshake on it works.
        await raw.WriteAsync($"GET {EngineTestHost.PollingUrl()} HTTP/1.1\r\nHost: {host.BaseUri.Authority}\r\n\r\n");
        var polling = await raw.ReadResponseAsync();
        Assert.Equal(200, polling.Status);
        Assert.StartsWith("0{", polling.Body);
    }

    public static TheoryData<string, int, HandshakePath> KestrelRefuses()
    {
        var data = new TheoryData<string, int, HandshakePath>();
        foreach (var path in Every)
        {
            foreach (var host in new[] { "Host: a b", "Host: a/b", "Host: a:", "Host: [zz]" }) data.Add(host, 400, path);
            data.Add("HEADERS 101", 431, path);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KestrelRefuses))]
    public async Task Requests_kestrel_refuses_are_refused_by_kestrel(string variant, int status, HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        var head = UpgradeHead(host);
        head = variant.StartsWith("Host:", StringComparison.Ordinal)
            ? head.Replace($"Host: {host.BaseUri.Authority}", variant)
            // Kestrel's default limit is 100 header lines; these are 101.
            : head.Replace("\r\n\r\n", "\r\n" + string.Concat(Enumerable.Range(0, 96).Select(i => $"X-{i}: v\r\n")) + "\r\n");
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(head);
        var response = await raw.ReadResponseAsync();
        Assert.Equal(status, response.Status);
        Assert.Equal(["close"], HeaderLines(response.Head, "Connection"));
        await raw.ExpectEndAsync();
        Assert.Equal(0, host.Server.ClientsCount);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Hundred_headers_are_still_taken_directly(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        var head = UpgradeHead(host).Replace("\r\n\r\n", "\r\n" + string.Concat(Enumerable.Range(0, 95).Select(i => $"X-{i}: v\r\n")) + "\r\n");
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(head);
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", await raw.ReadHeadAsync());
        var sid = await raw.ReadOpenAsync();
        Assert.Equal(100, host.Handler.Connections[sid].Request.Headers.Count);
        Assert.Empty(host.HttpRequests);
    }

    [Theory]
    [MemberData(nameof(AllPaths))]
    public async Task Polling_transport_with_upgrade_headers_is_a_polling_handshake(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host, query: "EIO=4&transport=polling"));
        var response = await raw.ReadResponseAsync();
        Assert.Equal(200, response.Status);
        var sid = JsonDocument.Parse(response.Body[1..]).RootElement.GetProperty("sid").GetString()!;
        Assert.StartsWith("0{", response.Body);
        Assert.Equal("polling", host.Handler.Connections[sid].TransportName);
        Assert.Equal(["GET /engine.io/?EIO=4&transport=polling upgrade"], host.HttpRequests);
    }

    public static TheoryData<string, string, HandshakePath> ParserLeavesAlone()
    {
        (string Query, string Extra)[] cases =
        [
            ("EIO=%34&transport=websocket", ""),                          // escapes are Kestrel's to decode
            ("EIO=4&transport=web%73ocket", ""),
            (WebSocketQuery, "X-Pad: {pad}\r\n"),                          // a head longer than the direct limit
            (WebSocketQuery, "Content-Length: 0\r\nX-Dup: a\r\nX-Dup: b\r\n"), // taken directly, for contrast
        ];
        var data = new TheoryData<string, string, HandshakePath>();
        foreach (var (query, extra) in cases)
            foreach (var path in Direct)
                data.Add(query, extra, path);
        return data;
    }

    [Theory]
    [MemberData(nameof(ParserLeavesAlone))]
    public async Task Handshakes_the_parser_leaves_alone_still_upgrade_through_kestrel(string query, string extra, HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var raw = await RawConnection.ConnectAsync(host);
        extra = extra.Replace("{pad}", new string('p', 9000));
        await raw.WriteAsync(UpgradeHead(host, query: query, extra: extra));
        var head = await raw.ReadHeadAsync();
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head);
        Assert.Equal([SampleAccept], HeaderLines(head, "Sec-WebSocket-Accept"));
        var sid = await raw.ReadOpenAsync();
        await raw.WriteAsync(RawConnection.Frame(WebSocketOpcode.Text, "4through"u8));
        Assert.Equal("4through", await raw.ReadTextAsync());
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);
        bool takenDirectly = extra.StartsWith("Content-Length", StringComparison.Ordinal);
        Assert.Equal(takenDirectly ? 0 : 1, host.HttpRequests.Count(r => r.EndsWith(" upgrade", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task AllowRequest_sends_websocket_handshakes_through_the_http_path(HandshakePath path)
    {
        var seen = new ConcurrentQueue<string>();
        await using var host = await EngineTestHost.StartAsync(o => o.AllowRequest = context =>
        {
            seen.Enqueue(context.Request.Query["transport"] + " " + context.Request.Headers["X-Token"]);
            return ValueTask.FromResult(context.Request.Headers.ContainsKey("X-Token") ? null : "no token");
        }, path: path);
        Assert.False(host.Server.AcceptsDirectWebSockets);

        using var ws = await host.ConnectWebSocketAsync(configure: o => o.SetRequestHeader("X-Token", "t1"));
        var (sid, _) = await ReadOpenAsync(ws);
        Assert.Equal(["websocket t1"], seen);
        Assert.Equal([$"GET /engine.io/?{WebSocketQuery} upgrade"], host.HttpRequests);
        await ws.SendTextAsync("4allowed");
        Assert.Equal("4allowed", (await ws.ReceiveNonPingAsync()).Text);
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);

        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host));
        var refused = await raw.ReadResponseAsync();
        Assert.Equal(403, refused.Status);
        Assert.Equal("""{"code":4,"message":"Forbidden"}""", refused.Body);
        Assert.Equal(["websocket t1", "websocket "], seen);
        Assert.Equal(1, host.Server.ClientsCount);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Without_the_websocket_transport_handshakes_get_the_http_answer(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(o => o.Transports = ["polling"], path: path);
        Assert.False(host.Server.AcceptsDirectWebSockets);
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host));
        var response = await raw.ReadResponseAsync();
        Assert.Equal(400, response.Status);
        Assert.Equal("""{"code":0,"message":"Transport unknown"}""", response.Body);
        Assert.Equal(0, host.Server.ClientsCount);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task After_StopAcceptingSessions_handshakes_get_503_while_open_sessions_keep_working(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var ws = await host.ConnectWebSocketAsync();
        await ReadOpenAsync(ws);
        Assert.True(host.Server.AcceptsDirectWebSockets);

        host.Server.StopAcceptingSessions();
        Assert.False(host.Server.AcceptsDirectWebSockets);
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host));
        var response = await raw.ReadResponseAsync();
        Assert.Equal(503, response.Status);
        Assert.Equal(1, host.Server.ClientsCount);

        await ws.SendTextAsync("4still open");
        Assert.Equal("4still open", (await ws.ReceiveNonPingAsync()).Text);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Other_requests_reach_kestrel_and_later_requests_on_the_connection_too(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync($"GET /nothing HTTP/1.1\r\nHost: {host.BaseUri.Authority}\r\n\r\n");
        var notFound = await raw.ReadResponseAsync();
        Assert.Equal(404, notFound.Status);
        Assert.Equal("", notFound.Body);

        // Only a connection's first request is looked at: this handshake is Kestrel's.
        await raw.WriteAsync(UpgradeHead(host));
        var head = await raw.ReadHeadAsync();
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head);
        Assert.Equal([SampleAccept], HeaderLines(head, "Sec-WebSocket-Accept"));
        await raw.ReadOpenAsync();
        await raw.WriteAsync(RawConnection.Frame(WebSocketOpcode.Text, "4second request"u8));
        Assert.Equal("4second request", await raw.ReadTextAsync());
        Assert.Equal(["GET /nothing", $"GET /engine.io/?{WebSocketQuery} upgrade"], host.HttpRequests);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Http2_prior_knowledge_connections_are_left_to_kestrel(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(http2: true, path: path);
        using var ws = await host.ConnectWebSocketAsync();
        await ReadOpenAsync(ws);
        await ws.SendTextAsync("4over h2");
        Assert.Equal("4over h2", (await ws.ReceiveNonPingAsync()).Text);
        var (sid, _) = await host.HandshakeAsync();
        Assert.Equal("polling", host.Handler.Connections[sid].TransportName);
        Assert.Contains(host.HttpRequests, r => r.StartsWith("CONNECT /engine.io/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Over_tls_handshakes_are_taken_only_after_UseHttps(bool afterHttps)
    {
        using var certificate = SelfSignedCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        EngineServer? server = null;
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (!afterHttps) listen.UseEngineIO(() => server!);
            listen.UseHttps(certificate);
            if (afterHttps) listen.UseEngineIO(() => server!);
        }));
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        var requests = new ConcurrentQueue<string>();
        app.Use((context, next) =>
        {
            requests.Enqueue(context.Request.Scheme + " " + context.Request.Path);
            return next(context);
        });
        var handler = new EchoHandler();
        server = new EngineServer(new EngineIOOptions(), handler);
        await using var _ = server;
        app.MapEngineIO(server);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var ws = new ClientWebSocket();
        ws.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        await ws.ConnectAsync(new Uri($"wss://{address.Authority}/engine.io/?{WebSocketQuery}"), new CancellationTokenSource(Timeout).Token);
        var (sid, _) = await ReadOpenAsync(ws);
        await ws.SendTextAsync("4over tls");
        Assert.Equal("4over tls", (await ws.ReceiveNonPingAsync()).Text);

        Assert.True(handler.Connections[sid].Request.Secure);
        // Registered before UseHttps, the middleware sees TLS bytes and leaves the connection to Kestrel.
        Assert.Equal(afterHttps ? [] : ["https /engine.io/"], requests.ToArray());
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, new CancellationTokenSource(Timeout).Token);
        Assert.Equal(EngineCloseReason.TransportClose, await handler.WaitClosedAsync(sid));
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    // ---- bytes as they arrive ----

    // Inside the request line, right after it, inside a header name, inside the key, inside the final empty line.
    public static TheoryData<string, HandshakePath> SplitPoints()
        => OnDirectPaths("GET /engine.", "HTTP/1.1\r\n", "Upgr", "Sec-WebSocket-Key: dGhlIHNh", "\r\n\r");

    [Theory]
    [MemberData(nameof(SplitPoints))]
    public async Task Head_written_in_two_parts_still_upgrades(string splitAfter, HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var raw = await RawConnection.ConnectAsync(host);
        var head = UpgradeHead(host);
        int split = head.LastIndexOf(splitAfter, StringComparison.Ordinal) + splitAfter.Length;
        Assert.InRange(split, 1, head.Length - 1);

        await raw.WriteAsync(head[..split]);
        // Not a synchronisation: it only makes it likely the server reads the first part alone. The outcome must be
        // the same whether it does (Kestrel takes the handshake) or not (the direct path does).
        await Task.Delay(20);
        await raw.WriteAsync(head[split..]);

        var response = await raw.ReadHeadAsync();
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", response);
        Assert.Equal([SampleAccept], HeaderLines(response, "Sec-WebSocket-Accept"));
        var sid = await raw.ReadOpenAsync();
        await raw.WriteAsync(RawConnection.Frame(WebSocketOpcode.Text, "4split"u8));
        Assert.Equal("4split", await raw.ReadTextAsync());
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);
        Assert.Equal(1, host.Server.ClientsCount);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Connection_silent_past_the_first_bytes_timeout_is_served_by_kestrel(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var raw = await RawConnection.ConnectAsync(host);
        // The middleware gives up waiting for the first bytes after 5 s, the accept path after 5 to 6 s, hands the
        // connection to Kestrel and says so in its log (were the head to arrive first, the direct path would take it,
        // and the last assertion would fail).
        await host.Logs.WaitForAsync("SilentConnectionHandedOn", TimeSpan.FromSeconds(15));
        await raw.WriteAsync(UpgradeHead(host));
        var head = await raw.ReadHeadAsync();
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head);
        await raw.ReadOpenAsync();
        await raw.WriteAsync(RawConnection.Frame(WebSocketOpcode.Text, "4late"u8));
        Assert.Equal("4late", await raw.ReadTextAsync());
        Assert.Equal([$"GET /engine.io/?{WebSocketQuery} upgrade"], host.HttpRequests);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Frames_sent_with_the_head_are_processed(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var raw = await RawConnection.ConnectAsync(host);
        var bytes = Encoding.ASCII.GetBytes(UpgradeHead(host))
            .Concat(RawConnection.Frame(WebSocketOpcode.Text, "4early"u8))
            .Concat(RawConnection.Frame(WebSocketOpcode.Binary, [9, 8, 7]))
            .Concat(RawConnection.Frame(WebSocketOpcode.Text, "4third"u8))
            .ToArray();
        await raw.WriteAsync(bytes);

        Assert.Equal(
            $"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: {SampleAccept}\r\n\r\n",
            await raw.ReadHeadAsync());
        var sid = await raw.ReadOpenAsync();
        Assert.Equal("4early", await raw.ReadTextAsync());
        var (opcode, payload) = await raw.ReadFrameAsync();
        Assert.Equal(WebSocketOpcode.Binary, opcode);
        Assert.Equal(new byte[] { 9, 8, 7 }, payload);
        Assert.Equal("4third", await raw.ReadTextAsync());
        Assert.Equal("websocket", host.Handler.Connections[sid].TransportName);
        Assert.Empty(host.HttpRequests);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Many_direct_connections_at_once_each_get_their_own_session(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        var sockets = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.ConnectWebSocketAsync()));
        try
        {
            var sids = new HashSet<string>();
            foreach (var ws in sockets) Assert.True(sids.Add((await ReadOpenAsync(ws)).Sid));
            await Task.WhenAll(sockets.Select((ws, i) => ws.SendTextAsync("4n" + i)));
            for (int i = 0; i < sockets.Length; i++) Assert.Equal("4n" + i, (await sockets[i].ReceiveNonPingAsync()).Text);
            Assert.Equal(20, host.Server.ClientsCount);
            Assert.Empty(host.HttpRequests);
        }
        finally
        {
            foreach (var ws in sockets) ws.Dispose();
        }
    }

    // ---- failures and shutdown ----

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Oversized_message_closes_only_that_connection_with_1009(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxHttpBufferSize = 1000, path: path);
        using var bystander = await host.ConnectWebSocketAsync();
        var (bystanderSid, _) = await ReadOpenAsync(bystander);
        using var ws = await host.ConnectWebSocketAsync();
        var (sid, _) = await ReadOpenAsync(ws);

        await ws.SendTextAsync("4" + new string('x', 2000));
        var close = await ws.ReceiveNonPingAsync();
        Assert.Equal(WebSocketMessageType.Close, close.Type);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, close.CloseStatus);
        Assert.Equal(EngineCloseReason.TransportError, await host.Handler.WaitClosedAsync(sid));

        await bystander.SendTextAsync("4" + new string('y', 900));
        Assert.Equal("4" + new string('y', 900), (await bystander.ReceiveNonPingAsync()).Text);
        Assert.False(host.Handler.IsClosed(bystanderSid));
        using var fresh = await host.ConnectWebSocketAsync();
        await ReadOpenAsync(fresh);
        await fresh.SendTextAsync("4fresh");
        Assert.Equal("4fresh", (await fresh.ReceiveNonPingAsync()).Text);
        Assert.Equal(2, host.Server.ClientsCount);
        Assert.Empty(host.HttpRequests);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Server_dispose_closes_direct_connections_with_a_close_frame(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        using var ws = await host.ConnectWebSocketAsync();
        var (wsSid, _) = await ReadOpenAsync(ws);
        var (opened, rawSid) = await OpenRawSessionAsync(host);
        using var raw = opened;
        Assert.Equal(2, host.Server.ClientsCount);

        var wsClose = ws.ReceiveNonPingAsync(); // keeps reading so the client sees the close frame
        var disposing = host.Server.DisposeAsync().AsTask();

        var close = await wsClose;
        Assert.Equal(WebSocketMessageType.Close, close.Type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.CloseStatus);
        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, new CancellationTokenSource(Timeout).Token);
        Assert.Equal(WebSocketCloseCode.NormalClosure, await raw.ExpectCloseAsync());
        // Answering the close ends the connection: the server closes it (the middleware returns to Kestrel, the accept path closes the socket).
        await raw.WriteAsync(RawConnection.Frame(WebSocketOpcode.Close, [0x03, 0xE8]));
        await raw.ExpectEndAsync();

        Assert.Equal(EngineCloseReason.ServerClose, await host.Handler.WaitClosedAsync(wsSid));
        Assert.Equal(EngineCloseReason.ServerClose, await host.Handler.WaitClosedAsync(rawSid));
        await disposing.WaitAsync(Timeout);
        Assert.Equal(0, host.Server.ClientsCount);

        // Kestrel's own stop then finds no connection holding it.
        ws.Dispose();
        await host.App.StopAsync().WaitAsync(Timeout);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Handshakes_after_dispose_get_503_from_the_http_path(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        await host.Server.DisposeAsync();
        using var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host));
        var response = await raw.ReadResponseAsync();
        Assert.Equal(503, response.Status);
        Assert.Equal([$"GET /engine.io/?{WebSocketQuery} upgrade"], host.HttpRequests);
        Assert.Equal(0, host.Server.ClientsCount);
    }

    [Theory]
    [MemberData(nameof(DirectPaths))]
    public async Task Dropped_tcp_connection_closes_the_direct_session(HandshakePath path)
    {
        await using var host = await EngineTestHost.StartAsync(path: path);
        var (raw, sid) = await OpenRawSessionAsync(host);
        raw.Dispose();
        Assert.Equal(EngineCloseReason.TransportClose, await host.Handler.WaitClosedAsync(sid));
        Assert.Equal(0, host.Server.ClientsCount);
    }

    // ---- helpers ----

    /// <summary>A raw connection that sent the sample handshake and read the 101 and the open packet.</summary>
    private static async Task<(RawConnection Raw, string Sid)> OpenRawSessionAsync(EngineTestHost host)
    {
        var raw = await RawConnection.ConnectAsync(host);
        await raw.WriteAsync(UpgradeHead(host));
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", await raw.ReadHeadAsync());
        return (raw, await raw.ReadOpenAsync());
    }

    internal static async Task<(string Sid, JsonElement Open)> ReadOpenAsync(ClientWebSocket ws)
    {
        var open = await ws.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Text, open.Type);
        Assert.StartsWith("0{", open.Text);
        var json = JsonDocument.Parse(open.Text[1..]).RootElement.Clone();
        return (json.GetProperty("sid").GetString()!, json);
    }

    internal static string UpgradeHead(EngineTestHost host, string query = WebSocketQuery, string key = SampleKey, string extra = "")
        => $"GET /engine.io/?{query} HTTP/1.1\r\nHost: {host.BaseUri.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
           $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {key}\r\n{extra}\r\n";

    /// <summary>The values of the header lines named <paramref name="name"/> in a response head.</summary>
    internal static string[] HeaderLines(string head, string name)
        => head.Split("\r\n")
            .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(line => line[(name.Length + 1)..].Trim())
            .ToArray();

    internal sealed record RawResponse(int Status, string Head, string Body);

    /// <summary>A TCP connection speaking HTTP/1.1 and then WebSocket frames by hand.</summary>
    internal sealed class RawConnection(TcpClient tcp, NetworkStream stream) : IDisposable
    {
        public static async Task<RawConnection> ConnectAsync(EngineTestHost host)
        {
            var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(host.BaseUri.Host, host.BaseUri.Port).WaitAsync(Timeout);
            return new RawConnection(tcp, tcp.GetStream());
        }

        public Task WriteAsync(string text) => WriteAsync(Encoding.ASCII.GetBytes(text));

        public async Task WriteAsync(byte[] bytes)
        {
            using var cts = new CancellationTokenSource(Timeout);
            await stream.WriteAsync(bytes, cts.Token);
            await stream.FlushAsync(cts.Token);
        }

        /// <summary>Reads a response head, up to and including its empty line.</summary>
        public async Task<string> ReadHeadAsync()
        {
            using var cts = new CancellationTokenSource(Timeout);
            var head = new StringBuilder();
            var one = new byte[1];
            while (head.Length < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
            {
                if (await stream.ReadAsync(one, cts.Token) == 0) Assert.Fail("the connection ended inside a response head: " + head);
                head.Append((char)one[0]);
            }
            return head.ToString();
        }

        /// <summary>Reads a whole HTTP/1.1 response (Content-Length or chunked body).</summary>
        public async Task<RawResponse> ReadResponseAsync()
        {
            var head = await ReadHeadAsync();
            int status = int.Parse(head.Split(' ')[1]);
            using var cts = new CancellationTokenSource(Timeout);
            byte[] body;
            if (HeaderLines(head, "Content-Length") is [var length])
            {
                body = new byte[int.Parse(length)];
                await stream.ReadExactlyAsync(body, cts.Token);
            }
            else if (HeaderLines(head, "Transfer-Encoding") is ["chunked"])
            {
                using var all = new MemoryStream();
                while (true)
                {
                    var sizeLine = await ReadLineAsync(cts.Token);
                    int size = Convert.ToInt32(sizeLine, 16);
                    var chunk = new byte[size + 2];
                    await stream.ReadExactlyAsync(chunk, cts.Token);
                    if (size == 0) break;
                    all.Write(chunk, 0, size);
                }
                body = all.ToArray();
            }
            else
            {
                body = [];
            }
            return new RawResponse(status, head, Encoding.UTF8.GetString(body));
        }

        private async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new StringBuilder();
            var one = new byte[1];
            while (!line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(one, cancellationToken) == 0) Assert.Fail("the connection ended inside a chunk");
                line.Append((char)one[0]);
            }
            return line.ToString()[..^2];
        }

        public Task<(WebSocketOpcode Opcode, byte[] Payload)> ReadFrameAsync() => RawFrames.ReadAsync(stream, Timeout);

        /// <summary>The next text frame that is not an Engine.IO ping.</summary>
        public async Task<string> ReadTextAsync()
        {
            while (true)
            {
                var (opcode, payload) = await ReadFrameAsync();
                Assert.Equal(WebSocketOpcode.Text, opcode);
                var text = Encoding.UTF8.GetString(payload);
                if (text != "2") return text;
            }
        }

        /// <summary>Reads the open packet; returns the sid.</summary>
        public async Task<string> ReadOpenAsync()
        {
            var open = await ReadTextAsync();
            Assert.StartsWith("0{", open);
            return JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        }

        public async Task<ushort> ExpectCloseAsync()
        {
            while (true)
            {
                var (opcode, payload) = await ReadFrameAsync();
                if (opcode == WebSocketOpcode.Text && payload is [(byte)'2']) continue;
                Assert.Equal(WebSocketOpcode.Close, opcode);
                return BinaryPrimitives.ReadUInt16BigEndian(payload);
            }
        }

        /// <summary>Waits for the server to end the connection (a FIN or a reset).</summary>
        public async Task ExpectEndAsync()
        {
            using var cts = new CancellationTokenSource(Timeout);
            try
            {
                Assert.Equal(0, await stream.ReadAsync(new byte[1], cts.Token));
            }
            catch (IOException)
            {
                // A reset also ends it.
            }
        }

        public static byte[] Frame(WebSocketOpcode opcode, ReadOnlySpan<byte> payload) => RawFrames.Masked(opcode, payload);

        public void Dispose() => tcp.Dispose();
    }
}
