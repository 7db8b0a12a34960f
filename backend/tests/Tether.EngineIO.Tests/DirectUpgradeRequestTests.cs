using System.Buffers;
using System.Text;
using Tether.EngineIO.Connections;

namespace Tether.EngineIO.Tests;

/// <summary>
/// The connection-level parser of Engine.IO WebSocket handshakes: what it takes, and everything it leaves to Kestrel
/// (null), byte for byte.
/// </summary>
public sealed class DirectUpgradeRequestTests
{
    private const string EnginePath = "/engine.io";
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";
    private const string Target = "/engine.io/?EIO=4&transport=websocket";

    private static readonly string[] StandardHeaders =
    [
        "Host: 127.0.0.1:5000",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Version: 13",
        $"Sec-WebSocket-Key: {Key}",
    ];

    /// <summary>A request head: request line, header lines, empty line.</summary>
    private static string Head(string target = Target, string[]? headers = null, string requestLine = "GET {0} HTTP/1.1")
        => string.Format(requestLine, target) + "\r\n" + string.Concat((headers ?? StandardHeaders).Select(h => h + "\r\n")) + "\r\n";

    /// <summary>The standard headers with <paramref name="name"/>'s line replaced (or removed when null).</summary>
    private static string[] Replace(string name, string? line)
        => StandardHeaders.Select(h => h.StartsWith(name + ":", StringComparison.Ordinal) ? line : h).OfType<string>().ToArray();

    private static string[] With(params string[] extra) => [.. StandardHeaders, .. extra];

    private static DirectUpgradeRequest? Parse(string head, string path = EnginePath) => Parse(Encoding.Latin1.GetBytes(head), path);

    private static DirectUpgradeRequest? Parse(byte[] bytes, string path = EnginePath)
        => DirectUpgradeRequest.TryParse(new ReadOnlySequence<byte>(bytes), path);

    private static DirectUpgradeRequest Accepted(string head, string path = EnginePath)
    {
        var request = Parse(head, path);
        Assert.True(request is not null, "expected the head to be taken:\n" + head);
        return request!;
    }

    private static void Refused(string head, string path = EnginePath)
        => Assert.True(Parse(head, path) is null, "expected the head to be left to Kestrel:\n" + head);

    // ---- accepted heads ----

    [Fact]
    public void Standard_handshake_is_taken()
    {
        var head = Head();
        var request = Accepted(head);
        Assert.Equal(Encoding.ASCII.GetByteCount(head), request.HeadLength);
        Assert.Equal("", request.Sid);
        Assert.Equal(Key, Encoding.ASCII.GetString(request.Key));
        Assert.Equal(Target, request.Url);
        Assert.Equal("4", request.Query["EIO"]);
        Assert.Equal("websocket", request.Query["transport"]);
        Assert.Equal(2, request.Query.Count);
        Assert.Equal("127.0.0.1:5000", request.Headers["Host"]);
        Assert.Equal(5, request.Headers.Count);
    }

    [Fact]
    public void Header_names_and_upgrade_values_are_case_insensitive()
    {
        var request = Accepted(Head(headers:
        [
            "host: example.com",
            "UPGRADE: WebSocket",
            "connection: upgrade",
            "SEC-WEBSOCKET-VERSION: 13",
            $"sec-websocket-key: {Key}",
        ]));
        Assert.Equal(Key, Encoding.ASCII.GetString(request.Key));
        // The dictionary looks names up case-insensitively, whatever case they came in.
        Assert.Equal("example.com", request.Headers["Host"]);
        Assert.Equal("WebSocket", request.Headers["upgrade"]);
        Assert.Equal("upgrade", request.Headers["CONNECTION"]);
    }

    [Theory]
    [InlineData("Connection: keep-alive, Upgrade")]
    [InlineData("Connection: Upgrade, keep-alive")]
    [InlineData("Connection: keep-alive,Upgrade")]
    [InlineData("Connection:   keep-alive ,\tupgrade  ")]
    [InlineData("Connection:Upgrade")]
    public void Connection_token_lists_with_upgrade_are_taken(string connection)
        => Assert.Equal(Key, Encoding.ASCII.GetString(Accepted(Head(headers: Replace("Connection", connection))).Key));

    [Theory]
    [InlineData("Connection: keep-alive")]
    [InlineData("Connection: Upgraded")]
    [InlineData("Connection: close")]
    [InlineData("Connection: ")]
    public void Connection_without_the_upgrade_token_is_refused(string connection)
        => Refused(Head(headers: Replace("Connection", connection)));

    [Theory]
    [InlineData("Upgrade: websocket, h2c")]
    [InlineData("Upgrade: h2c, websocket")]
    [InlineData("Upgrade: h2c")]
    [InlineData("Upgrade: websockets")]
    [InlineData("Upgrade: ")]
    public void Upgrade_other_than_exactly_websocket_is_refused(string upgrade)
        // The HTTP path, too, only upgrades "Upgrade: websocket"; lists are left to it.
        => Refused(Head(headers: Replace("Upgrade", upgrade)));

    [Fact]
    public void Header_values_are_trimmed_and_extra_headers_kept()
    {
        var request = Accepted(Head(headers:
        [
            "Host:\t 127.0.0.1 \t",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Version: 13",
            $"Sec-WebSocket-Key:   {Key}  ",
            "X-Custom: a:b \tc",
            "X-Repeated: one",
            "X-Repeated: two",
            "X-Empty:",
            "Content-Length: 0",
        ]));
        Assert.Equal(Key, Encoding.ASCII.GetString(request.Key));
        Assert.Equal("127.0.0.1", request.Headers["Host"]);
        Assert.Equal("a:b \tc", request.Headers["x-custom"]);
        Assert.Equal("one,two", request.Headers["X-Repeated"]);
        Assert.Equal("", request.Headers["X-Empty"]);
        Assert.Equal("0", request.Headers["Content-Length"]);
    }

    [Theory]
    [InlineData("/engine.io/?EIO=4&transport=websocket&sid=abc_DEF-123", "abc_DEF-123")]
    [InlineData("/engine.io/?sid=xyz&transport=websocket&EIO=4", "xyz")]
    [InlineData("/engine.io/?EIO=4&transport=websocket&sid=", "")]
    [InlineData("/engine.io/?t=PAbc12&EIO=4&b64=1&transport=websocket&x", "")]
    [InlineData("/engine.io/?&&EIO=4&&transport=websocket&", "")]
    public void Query_with_other_params_and_sid_is_taken(string target, string sid)
    {
        var request = Accepted(Head(target));
        Assert.Equal(sid, request.Sid);
        Assert.Equal(target, request.Url);
        Assert.Equal("4", request.Query["EIO"]);
    }

    [Fact]
    public void Other_query_params_are_decoded_and_repeats_joined()
    {
        var request = Accepted(Head("/engine.io/?EIO=4&transport=websocket&name=a%20b+c&room=x&room=y&flag&%C3%A9=%E2%9C%93"));
        Assert.Equal("a b c", request.Query["name"]);
        Assert.Equal("x,y", request.Query["room"]);
        Assert.Equal("", request.Query["flag"]);
        Assert.Equal("✓", request.Query["é"]);
        Assert.Equal("", request.Sid);
    }

    [Theory]
    [InlineData("/engine.io/?EIO=4&transport=websocket")]
    [InlineData("/engine.io?EIO=4&transport=websocket")]
    public void Path_is_matched_with_and_without_its_trailing_slash(string target)
        => Assert.Equal(target, Accepted(Head(target)).Url);

    [Fact]
    public void Another_configured_path_is_matched()
    {
        Assert.NotNull(Parse(Head("/socket.io/?EIO=4&transport=websocket"), "/socket.io"));
        Assert.Null(Parse(Head("/socket.io/?EIO=4&transport=websocket"), "/engine.io"));
        Assert.NotNull(Parse(Head("/a/b/?EIO=4&transport=websocket"), "/a/b"));
    }

    [Fact]
    public void HeadLength_stops_at_the_empty_line_and_leaves_what_follows()
    {
        var head = Head();
        byte[] frame = [0x81, 0x82, 1, 2, 3, 4, (byte)'4' ^ 1, (byte)'x' ^ 2];
        var bytes = Encoding.ASCII.GetBytes(head).Concat(frame).ToArray();
        var request = Parse(bytes);
        Assert.NotNull(request);
        Assert.Equal(head.Length, request.HeadLength);
        Assert.Equal(frame, bytes[request.HeadLength..]);
    }

    [Fact]
    public void A_long_tail_after_a_short_head_does_not_matter()
    {
        // More than MaxHeadLength bytes in the buffer: only the head must fit in it.
        var head = Head();
        var bytes = Encoding.ASCII.GetBytes(head).Concat(new byte[3 * DirectUpgradeRequest.MaxHeadLength]).ToArray();
        Assert.Equal(head.Length, Parse(bytes)!.HeadLength);
        Assert.Equal(head.Length, DirectUpgradeRequest.TryParse(Segmented(bytes, 1000), EnginePath)!.HeadLength);
    }

    [Fact]
    public void Content_length_zero_is_taken()
        => Assert.NotNull(Parse(Head(headers: With("Content-Length: 0"))));

    // ---- refusals ----

    [Theory]
    [InlineData("Host: other")]
    [InlineData("Upgrade: websocket")]
    [InlineData("Connection: Upgrade")]
    [InlineData("Sec-WebSocket-Version: 13")]
    [InlineData("Sec-WebSocket-Key: " + Key)]
    [InlineData("host: other")]
    [InlineData("SEC-WEBSOCKET-KEY: AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Duplicated_critical_headers_are_refused(string duplicate)
        => Refused(Head(headers: With(duplicate)));

    [Theory]
    [InlineData("Host")]
    [InlineData("Upgrade")]
    [InlineData("Connection")]
    [InlineData("Sec-WebSocket-Version")]
    [InlineData("Sec-WebSocket-Key")]
    public void Missing_critical_headers_are_refused(string name)
        => Refused(Head(headers: Replace(name, null)));

    [Theory]
    [InlineData("example.com")]
    [InlineData("example.com:8080")]
    [InlineData("127.0.0.1:5000")]
    [InlineData("a_b.-x-~")]
    [InlineData("h:65535")]
    [InlineData("[::1]")]
    [InlineData("[::1]:443")]
    [InlineData("[2001:db8::ff00:42:8329]:80")]
    [InlineData("[::ffff:127.0.0.1]")]
    public void Plain_hosts_are_taken(string host)
        => Assert.Equal(host, Accepted(Head(headers: Replace("Host", "Host: " + host))).Headers["Host"]);

    [Theory]
    [InlineData("")]              // valid HTTP, but left to Kestrel
    [InlineData("a b")]           // Kestrel answers each of these with 400
    [InlineData("a/b")]
    [InlineData("a,b")]
    [InlineData("a%41")]
    [InlineData("a:")]
    [InlineData(":80")]
    [InlineData("a:b")]
    [InlineData("a:8:0")]
    [InlineData("[zz]")]
    [InlineData("[:]")]
    [InlineData("[::1]x")]
    [InlineData("[::1")]
    [InlineData("a:1234567")]     // not plain enough
    [InlineData("[127.0.0.1]")]
    [InlineData("user@host")]
    public void Hosts_that_are_not_plain_are_refused(string host)
        => Refused(Head(headers: Replace("Host", "Host: " + host)));

    [Fact]
    public void Heads_up_to_the_header_count_limit_are_taken_and_more_refused()
    {
        string WithCount(int count)
            => Head(headers: [.. StandardHeaders, .. Enumerable.Range(0, count - StandardHeaders.Length).Select(i => $"X-{i}: v")]);
        Assert.NotNull(Parse(WithCount(DirectUpgradeRequest.MaxHeaderCount)));
        Assert.Equal(DirectUpgradeRequest.MaxHeaderCount, Accepted(WithCount(DirectUpgradeRequest.MaxHeaderCount)).Headers.Count);
        Refused(WithCount(DirectUpgradeRequest.MaxHeaderCount + 1));
    }

    [Theory]
    [InlineData("Sec-WebSocket-Version: 8")]
    [InlineData("Sec-WebSocket-Version: 13, 8")]
    [InlineData("Sec-WebSocket-Version: ")]
    public void Other_websocket_versions_are_refused(string version)
        => Refused(Head(headers: Replace("Sec-WebSocket-Version", version)));

    [Theory]
    [InlineData("short")]
    [InlineData("")]
    [InlineData("dGhlIHNhbXBsZSBub25jZQ=")]     // 23 characters
    [InlineData("dGhlIHNhbXBsZSBub25jZQ===")]   // 25 characters
    [InlineData("dGhlIHNhbXBsZSBub25jZQab")]    // 24 characters, but 18 bytes
    [InlineData("dGhlIHNhbXBsZSBub25jZ!==")]    // not base64
    public void Invalid_keys_are_refused(string key)
        => Refused(Head(headers: Replace("Sec-WebSocket-Key", "Sec-WebSocket-Key: " + key)));

    [Theory]
    [InlineData("/engine.io/?EIO=%34&transport=websocket")]
    [InlineData("/engine.io/?EIO=4&transport=web%73ocket")]
    [InlineData("/engine.io/?EIO=4&transport=websocket&sid=ab%43d")]
    [InlineData("/engine.io/?EIO=4&transport=websocket&sid=ab+cd")]
    [InlineData("/engine.io/?%45IO=4&transport=websocket")]
    [InlineData("/engine.io/?EIO=4&%74ransport=websocket")]
    public void Percent_escapes_in_engine_params_are_refused(string target) => Refused(Head(target));

    [Theory]
    [InlineData("/engine.io/?EIO=4&EIO=4&transport=websocket")]
    [InlineData("/engine.io/?EIO=4&transport=websocket&transport=websocket")]
    [InlineData("/engine.io/?EIO=4&transport=websocket&sid=a&sid=a")]
    public void Repeated_engine_params_are_refused(string target) => Refused(Head(target));

    [Theory]
    [InlineData("/engine.io/?EIO=3&transport=websocket")]
    [InlineData("/engine.io/?EIO=5&transport=websocket")]
    [InlineData("/engine.io/?EIO=44&transport=websocket")]
    [InlineData("/engine.io/?EIO&transport=websocket")]
    [InlineData("/engine.io/?transport=websocket")]
    [InlineData("/engine.io/?eio=4&transport=websocket")]
    public void Other_protocol_versions_are_refused(string target) => Refused(Head(target));

    [Theory]
    [InlineData("/engine.io/?EIO=4&transport=polling")]
    [InlineData("/engine.io/?EIO=4&transport=WebSocket")]
    [InlineData("/engine.io/?EIO=4&transport=")]
    [InlineData("/engine.io/?EIO=4")]
    public void Other_transports_are_refused(string target) => Refused(Head(target));

    [Theory]
    [InlineData("/socket.io/?EIO=4&transport=websocket")]
    [InlineData("/engine.io/x?EIO=4&transport=websocket")]
    [InlineData("/engine.io//?EIO=4&transport=websocket")]
    [InlineData("/Engine.io/?EIO=4&transport=websocket")]
    [InlineData("/engine.iox?EIO=4&transport=websocket")]
    [InlineData("/prefix/engine.io/?EIO=4&transport=websocket")]
    [InlineData("/engine.io/")]
    [InlineData("/engine.io")]
    [InlineData("http://127.0.0.1/engine.io/?EIO=4&transport=websocket")]
    [InlineData("*")]
    public void Other_paths_are_refused(string target) => Refused(Head(target));

    [Theory]
    [InlineData("POST {0} HTTP/1.1")]
    [InlineData("HEAD {0} HTTP/1.1")]
    [InlineData("CONNECT {0} HTTP/1.1")]
    [InlineData("get {0} HTTP/1.1")]
    [InlineData(" GET {0} HTTP/1.1")]
    [InlineData("GET  {0} HTTP/1.1")]
    [InlineData("GET {0}  HTTP/1.1")]
    [InlineData("GET {0} HTTP/1.0")]
    [InlineData("GET {0} HTTP/2")]
    [InlineData("GET {0} http/1.1")]
    [InlineData("GET {0}")]
    [InlineData("GET {0} HTTP/1.1 ")]
    [InlineData("GET {0} HTTP/1.1 extra")]
    public void Other_request_lines_are_refused(string requestLine) => Refused(Head(requestLine: requestLine));

    [Theory]
    [InlineData("Content-Length: 5")]
    [InlineData("Content-Length: 00")]
    [InlineData("Content-Length: ")]
    [InlineData("Transfer-Encoding: chunked")]
    [InlineData("Transfer-Encoding: identity")]
    [InlineData("transfer-encoding: chunked")]
    public void Requests_that_may_have_a_body_are_refused(string header) => Refused(Head(headers: With(header)));

    [Fact]
    public void Non_ascii_in_the_target_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes(Head("/engine.io/?EIO=4&transport=websocket&name=é"));
        Assert.Null(Parse(bytes));
        Assert.Null(Parse(Head("/engine.io/?EIO=4&transport=websocket&name=\u007f")));
    }

    [Theory]
    [InlineData("X-Name: caf\u00e9")]      // Latin-1 byte 0xE9
    [InlineData("X-Name: a\u007fb")]       // DEL
    [InlineData("X-Name: a\u0001b")]       // a control character
    [InlineData("X-Na\u00e9me: a")]        // in a name
    public void Non_ascii_or_control_bytes_in_headers_are_refused(string header) => Refused(Head(headers: With(header)));

    [Fact]
    public void Utf8_in_a_header_value_is_refused()
        => Assert.Null(Parse(Encoding.UTF8.GetBytes(Head(headers: With("X-Name: ✓")))));

    [Theory]
    [InlineData(" folded")]
    [InlineData("\tfolded")]
    public void Obsolete_line_folding_is_refused(string continuation)
        => Refused(Head(headers: [.. StandardHeaders[..2], "X-Long: first", continuation, .. StandardHeaders[2..]]));

    [Theory]
    [InlineData("X-Name : value")]         // whitespace before the colon
    [InlineData("X-Name\t: value")]
    [InlineData(": value")]                // no name
    [InlineData("no colon at all")]
    [InlineData("X(Name): value")]         // not a token
    [InlineData("X Name: value")]
    [InlineData("X/Name: value")]
    public void Malformed_header_lines_are_refused(string line) => Refused(Head(headers: With(line)));

    [Fact]
    public void Heads_up_to_the_limit_are_taken_and_longer_ones_refused()
    {
        var baseLength = Head(headers: With("X-Pad: ")).Length;
        string Padded(int length) => Head(headers: With("X-Pad: " + new string('p', length - baseLength)));

        var atLimit = Padded(DirectUpgradeRequest.MaxHeadLength);
        Assert.Equal(DirectUpgradeRequest.MaxHeadLength, atLimit.Length);
        Assert.Equal(DirectUpgradeRequest.MaxHeadLength, Accepted(atLimit).HeadLength);

        var overLimit = Padded(DirectUpgradeRequest.MaxHeadLength + 1);
        Assert.Equal(DirectUpgradeRequest.MaxHeadLength + 1, overLimit.Length);
        Refused(overLimit);
        Assert.Null(DirectUpgradeRequest.TryParse(Segmented(Encoding.ASCII.GetBytes(overLimit), 100), EnginePath));
        Refused(Padded(20_000));
    }

    [Fact]
    public void A_head_not_complete_in_the_buffer_is_refused_at_every_cut()
    {
        var bytes = Encoding.ASCII.GetBytes(Head());
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Null(Parse(bytes[..cut]));
            Assert.Null(DirectUpgradeRequest.TryParse(Segmented(bytes[..cut], 7), EnginePath));
        }
        Assert.NotNull(Parse(bytes));
    }

    [Fact]
    public void Bare_line_feeds_are_not_taken()
    {
        Refused(Head().Replace("\r\n", "\n"));
        Refused(Head()[..^2] + "\n");
    }

    // ---- multi-segment input ----

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void Multi_segment_input_parses_as_a_single_segment(int segmentLength)
    {
        var head = Head("/engine.io/?EIO=4&transport=websocket&sid=sess1&q=a%20b", With("X-Custom: v1"));
        var bytes = Encoding.ASCII.GetBytes(head).Concat(new byte[] { 0x81, 0x80, 1, 2, 3, 4 }).ToArray();
        var sequence = Segmented(bytes, segmentLength);
        Assert.False(sequence.IsSingleSegment);

        var expected = Parse(bytes)!;
        var actual = DirectUpgradeRequest.TryParse(sequence, EnginePath);
        Assert.NotNull(actual);
        Assert.Equal(head.Length, actual.HeadLength);
        Assert.Equal(expected.HeadLength, actual.HeadLength);
        Assert.Equal(expected.Sid, actual.Sid);
        Assert.Equal("sess1", actual.Sid);
        Assert.Equal(expected.Key.ToArray(), actual.Key.ToArray());
        Assert.Equal(expected.Url, actual.Url);
        Assert.Equal(expected.Headers, actual.Headers);
        Assert.Equal(expected.Query, actual.Query);
        Assert.Equal("a b", actual.Query["q"]);
        Assert.Equal("v1", actual.Headers["X-Custom"]);
    }

    [Fact]
    public void Multi_segment_input_is_refused_as_a_single_segment_is()
    {
        foreach (var head in new[] { Head("/engine.io/?EIO=3&transport=websocket"), Head(headers: With("Upgrade: websocket")), Head()[..^2] })
        {
            var bytes = Encoding.ASCII.GetBytes(head);
            Assert.Null(Parse(bytes));
            Assert.Null(DirectUpgradeRequest.TryParse(Segmented(bytes, 5), EnginePath));
        }
    }

    [Fact]
    public void Segments_split_inside_the_final_empty_line_are_joined()
    {
        var bytes = Encoding.ASCII.GetBytes(Head());
        // Cuts at each of the last four bytes ("\r\n\r\n").
        for (int cut = bytes.Length - 4; cut < bytes.Length; cut++)
        {
            var sequence = Sequence(bytes[..cut], bytes[cut..]);
            Assert.Equal(bytes.Length, DirectUpgradeRequest.TryParse(sequence, EnginePath)?.HeadLength);
        }
    }

    [Fact]
    public void Headers_and_query_are_copies_independent_of_the_input_buffer()
    {
        var bytes = Encoding.ASCII.GetBytes(Head("/engine.io/?EIO=4&transport=websocket&sid=keepme&n=1", With("X-A: b")));
        var request = Parse(bytes)!;
        Array.Clear(bytes); // the connection's buffer is reused once the head is consumed
        Assert.Equal("keepme", request.Sid);
        Assert.Equal(Key, Encoding.ASCII.GetString(request.Key));
        Assert.Equal("1", request.Query["n"]);
        Assert.Equal("b", request.Headers["X-A"]);
        Assert.Equal("/engine.io/?EIO=4&transport=websocket&sid=keepme&n=1", request.Url);
    }

    /// <summary>The bytes as a sequence of <paramref name="segmentLength"/>-byte segments.</summary>
    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentLength)
        => Sequence(bytes.Chunk(segmentLength).ToArray());

    private static ReadOnlySequence<byte> Sequence(params byte[][] parts)
    {
        if (parts.Length == 0) return ReadOnlySequence<byte>.Empty;
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts[1..]) last = last.Append(part);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
