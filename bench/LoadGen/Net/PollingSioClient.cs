using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;

namespace LoadGen.Net;

/// <summary>
/// A Socket.IO client over Engine.IO long-polling only, behaving like socket.io-client's polling transport: one GET
/// always pending for what the server sends, and one POST at a time carrying every packet queued since the last
/// one (joined by the 0x1e record separator).
/// </summary>
internal sealed class PollingSioClient : SioClient
{
    private static readonly MediaTypeHeaderValue TextPlain = new("text/plain") { CharSet = "UTF-8" };

    private readonly HttpClient _http;
    private readonly string _url;
    private readonly ConcurrentQueue<byte[]> _outbox = new();
    private readonly SemaphoreSlim _outboxSignal = new(0);
    private readonly CancellationTokenSource _stop = new();

    private PollingSioClient(HttpClient http, string url, string nsp) : base(nsp, raw: false)
    {
        _http = http;
        _url = url;
    }

    public override bool IsClosed => _stop.IsCancellationRequested;

    /// <summary>Performs the Engine.IO handshake, starts the poll and write loops and joins the namespace.</summary>
    public static async Task<PollingSioClient> ConnectAsync(HttpClient http, Uri server, string nsp, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var baseUrl = new Uri(server, "/socket.io/?EIO=4&transport=polling").ToString();
        var open = await http.GetByteArrayAsync(baseUrl, cts.Token);
        var sid = ReadSid(open) ?? throw new IOException("no sid in the polling handshake: " + Encoding.UTF8.GetString(open));
        var client = new PollingSioClient(http, baseUrl + "&sid=" + Uri.EscapeDataString(sid), nsp);
        client.OnEngineIOPacket(open); // the open packet: sends the namespace CONNECT
        _ = client.PollLoopAsync();
        _ = client.WriteLoopAsync();
        try
        {
            await client.Connected.WaitAsync(cts.Token);
        }
        catch
        {
            client.Abort();
            throw;
        }
        return client;
    }

    private static string? ReadSid(byte[] open)
    {
        var text = Encoding.UTF8.GetString(open);
        var at = text.IndexOf("\"sid\":\"", StringComparison.Ordinal);
        if (at < 0) return null;
        at += 7;
        return text[at..text.IndexOf('"', at)];
    }

    public override bool Send(ReadOnlySpan<byte> engineIOPacket)
    {
        if (_stop.IsCancellationRequested) return false;
        _outbox.Enqueue(engineIOPacket.ToArray());
        _outboxSignal.Release();
        return true;
    }

    private async Task PollLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var response = await _http.GetAsync(_url, HttpCompletionOption.ResponseContentRead, _stop.Token);
                if (!response.IsSuccessStatusCode) break; // the session is gone (e.g. 400 unknown sid)
                var body = await response.Content.ReadAsByteArrayAsync(_stop.Token);
                foreach (var range in body.AsSpan().Split((byte)0x1e)) OnEngineIOPacket(body.AsSpan(range));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
        }
        Stop();
    }

    private async Task WriteLoopAsync()
    {
        var body = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await _outboxSignal.WaitAsync(_stop.Token);
                body.SetLength(0);
                while (_outbox.TryDequeue(out var packet))
                {
                    if (body.Length > 0) body.WriteByte(0x1e);
                    body.Write(packet);
                }
                if (body.Length == 0) continue; // signals outnumber batches: the queue was drained already
                using var content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
                content.Headers.ContentType = TextPlain;
                using var response = await _http.PostAsync(_url, content, _stop.Token);
                if (!response.IsSuccessStatusCode) break;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
        }
        Stop();
    }

    /// <summary>
    /// Ends the session with an Engine.IO close packet, so the server frees it now rather than after the ping
    /// timeout, then stops both loops.
    /// </summary>
    public async Task CloseAsync()
    {
        if (_stop.IsCancellationRequested) return;
        try
        {
            using var content = new ByteArrayContent("1"u8.ToArray());
            content.Headers.ContentType = TextPlain;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var _ = await _http.PostAsync(_url, content, cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException)
        {
        }
        Stop();
    }

    public override void Abort() => _ = CloseAsync();

    private void Stop()
    {
        if (_stop.IsCancellationRequested) return;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        OnTransportClosed();
    }
}
