using System.Text;

namespace Tether.SocketIO.Redis.Internal;

/// <summary>
/// The channel names of one namespace, exactly as Node's adapter and emitter build them from the key prefix
/// (default <c>socket.io</c>):
/// broadcasts on <c>socket.io#/nsp#</c> or, for a single room, <c>socket.io#/nsp#room#</c> (one pattern subscription
/// receives both); requests on <c>socket.io-request#/nsp#</c>; responses on <c>socket.io-response#/nsp#</c> or on the
/// requester's own <c>socket.io-response#/nsp#uid#</c>. Connection state recovery (a Tether extension) adds the stream
/// <c>socket.io-log#/nsp#</c> and the session keys <c>socket.io-session#/nsp#pid</c>.
/// </summary>
internal sealed class RedisChannels
{
    public RedisChannels(string key, string nsp, string uid)
    {
        Broadcast = key + "#" + nsp + "#";
        BroadcastPattern = EscapeGlob(Broadcast) + "*";
        Request = key + "-request#" + nsp + "#";
        Response = key + "-response#" + nsp + "#";
        SpecificResponse = ResponseFor(uid);
        Log = key + "-log#" + nsp + "#";
        _sessionPrefix = key + "-session#" + nsp + "#";
        LocalBroadcast = Broadcast + LocalMark + uid + "#";
    }

    /// <summary>Starts the "room" of a <see cref="LocalBroadcast"/> channel (no room name of an application starts so).</summary>
    public const string LocalMark = "\u0000local:";

    /// <summary>
    /// Where this server publishes the logged broadcasts meant for its own sockets only (connection state recovery):
    /// they come back to it through its broadcast subscription, in log order; other servers (Node's included, which
    /// have no such room) ignore the channel.
    /// </summary>
    public string LocalBroadcast { get; }

    private readonly string _sessionPrefix;

    /// <summary>The stream logging the namespace's replayable broadcasts (connection state recovery).</summary>
    public string Log { get; }

    /// <summary>The key keeping the session of a disconnected socket by its private id (connection state recovery).</summary>
    public string Session(string pid) => _sessionPrefix + pid;

    /// <summary>Broadcasts to every socket (or to several rooms).</summary>
    public string Broadcast { get; }

    /// <summary>
    /// The pattern matching <see cref="Broadcast"/> and every room channel. Glob characters in the namespace are
    /// escaped so the pattern cannot reach another namespace's channels.
    /// </summary>
    public string BroadcastPattern { get; }

    /// <summary>Requests from any server.</summary>
    public string Request { get; }

    /// <summary>Responses every server hears (Node's default, <c>publishOnSpecificResponseChannel: false</c>).</summary>
    public string Response { get; }

    /// <summary>Responses meant for this server only.</summary>
    public string SpecificResponse { get; }

    /// <summary>Where a broadcast to a single room goes.</summary>
    public string ForRoom(string room) => Broadcast + room + "#";

    /// <summary>The response channel of the server <paramref name="uid"/>.</summary>
    public string ResponseFor(string uid) => Response + uid + "#";

    /// <summary>
    /// The room a broadcast channel names: null for <see cref="Broadcast"/> itself (all sockets or several rooms),
    /// else the text between the prefix and the final <c>#</c>.
    /// </summary>
    public string? RoomOf(string channel)
    {
        if (channel.Length <= Broadcast.Length + 1) return null;
        return channel.Substring(Broadcast.Length, channel.Length - Broadcast.Length - 1);
    }

    private static string EscapeGlob(string text)
    {
        if (text.IndexOfAny(['*', '?', '[', ']', '\\']) < 0) return text;
        var builder = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\') builder.Append('\\');
            builder.Append(c);
        }
        return builder.ToString();
    }
}
