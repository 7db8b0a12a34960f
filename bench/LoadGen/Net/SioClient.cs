using System.Text;
using System.Text.Unicode;

namespace LoadGen.Net;

/// <summary>
/// The Engine.IO v4 / Socket.IO v5 client logic shared by the WebSocket and the polling transport: it answers pings,
/// connects one namespace, resolves the few setup requests (join, leave) and hands every other packet to
/// <see cref="OnPacket"/> on the receiving thread. The transports only move Engine.IO packets.
/// </summary>
internal abstract class SioClient
{
    public delegate void PacketHandler(SioClient client, in SioPacket packet);

    // Setup requests use ack ids far above any a scenario uses, so their acks are told apart without a lookup.
    private const long RequestIdBase = 1L << 40;

    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<long, TaskCompletionSource<string>> _requests = new();
    private long _nextRequestId = RequestIdBase;
    private readonly byte[] _connectPacket;

    protected SioClient(string nsp, bool raw)
    {
        Namespace = nsp;
        Raw = raw;
        _connectPacket = Encoding.UTF8.GetBytes($"40{nsp},");
        if (raw) _connected.TrySetResult(); // a raw WebSocket echo has no handshake
    }

    public string Namespace { get; }

    /// <summary>True against a raw WebSocket echo server: no Engine.IO framing comes back, only our own frames.</summary>
    public bool Raw { get; }

    /// <summary>Events and scenario acks. Runs on the receiving thread: keep it short and never block.</summary>
    public PacketHandler? OnPacket { get; set; }

    /// <summary>Free for the scenario (e.g. the room index of this client).</summary>
    public int Tag { get; set; }

    public Task Connected => _connected.Task;

    public abstract bool IsClosed { get; }

    /// <summary>Sends one Engine.IO packet (e.g. <c>42/video,1["echo",{}]</c>).</summary>
    public abstract bool Send(ReadOnlySpan<byte> engineIOPacket);

    /// <summary>Ends the connection now (no goodbye): the server has to notice on its own.</summary>
    public abstract void Abort();

    /// <summary>Emits <paramref name="ev"/> with one JSON argument and waits for the ack's JSON.</summary>
    public async Task<string> RequestAsync(string ev, string jsonArgument, TimeSpan timeout)
    {
        var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        long id;
        lock (_requests)
        {
            id = _nextRequestId++;
            _requests[id] = tcs;
        }
        Send(Encoding.UTF8.GetBytes($"42{Namespace},{id}[\"{ev}\",{jsonArgument}]"));
        try
        {
            return await tcs.Task.WaitAsync(timeout);
        }
        finally
        {
            lock (_requests) _requests.Remove(id);
        }
    }

    /// <summary>Handles one Engine.IO packet from the server.</summary>
    protected void OnEngineIOPacket(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty) return;
        switch (packet[0])
        {
            case (byte)'0': // open: join the namespace right away, as socket.io-client does
                Send(_connectPacket);
                break;
            case (byte)'2': // ping
                Send("3"u8);
                break;
            case (byte)'4':
                OnSocketIOPacket(SioPacket.Parse(packet[1..]));
                break;
            case (byte)'1': // close
                Abort();
                break;
        }
    }

    private void OnSocketIOPacket(in SioPacket p)
    {
        switch (p.Type)
        {
            case SioPacket.Connect when !Raw:
                _connected.TrySetResult();
                return;
            case SioPacket.ConnectError:
                _connected.TrySetException(new IOException("CONNECT_ERROR " + Encoding.UTF8.GetString(p.Json)));
                return;
            case SioPacket.Ack when p.Id >= RequestIdBase:
                TaskCompletionSource<string>? tcs;
                lock (_requests) _requests.TryGetValue(p.Id, out tcs);
                tcs?.TrySetResult(Encoding.UTF8.GetString(p.Json));
                return;
        }
        OnPacket?.Invoke(this, p);
    }

    /// <summary>Marks the connection failed for anyone still waiting for the namespace.</summary>
    protected void OnTransportClosed()
    {
        _connected.TrySetException(new IOException("connection closed before the namespace connected"));
    }

    /// <summary>Writes <c>42/nsp,&lt;id&gt;["echo",{"seq":id,"ts":ts,"pad":"..."}]</c> into <paramref name="target"/>.</summary>
    public static int WriteEcho(Span<byte> target, string nsp, long id, long ts, string pad)
    {
        Utf8.TryWrite(target, $"42{nsp},{id}[\"echo\",{{\"seq\":{id},\"ts\":{ts},\"pad\":\"{pad}\"}}]", out var written);
        return written;
    }
}
