using System.Security.Claims;
using System.Text.Json;
using Tether.EngineIO;

namespace Tether.SocketIO;

/// <summary>
/// What a client presented when it joined a namespace: the HTTP request that opened its Engine.IO connection and the
/// <c>auth</c> payload of its CONNECT packet.
/// </summary>
public sealed class SocketHandshake
{
    // The connection's request snapshot is shared by all of its sockets, not copied into each (idle memory).
    private readonly EngineHandshakeRequest _request;
    private readonly JsonSerializerOptions _json;

    internal SocketHandshake(EngineHandshakeRequest request, JsonElement? auth, JsonSerializerOptions json)
    {
        _request = request;
        Auth = auth;
        _json = json;
    }

    /// <summary>Request headers (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers => _request.Headers;

    /// <summary>Query string values of the opening request (including <c>EIO</c> and <c>transport</c>).</summary>
    public IReadOnlyDictionary<string, string> Query => _request.Query;

    /// <summary>The client's IP address as seen by the server.</summary>
    public string Address => _request.RemoteAddress;

    /// <summary>When the Engine.IO connection was opened.</summary>
    public DateTimeOffset Time => _request.Time;

    /// <summary>Whether the opening request came over TLS.</summary>
    public bool Secure => _request.Secure;

    /// <summary>Path and query of the opening request.</summary>
    public string Url => _request.Url;

    /// <summary>
    /// The <c>auth</c> object of the CONNECT packet, or null when the client sent none. It may hold credentials: do not
    /// log it.
    /// </summary>
    public JsonElement? Auth { get; }

    /// <summary>The user ASP.NET Core authentication resolved for the opening request (anonymous when none).</summary>
    public ClaimsPrincipal User => _request.User;

    /// <summary>Binds <see cref="Auth"/> to <typeparamref name="T"/> with the server's JSON options; default when absent.</summary>
    public T? GetAuth<T>() => Auth is { } auth ? auth.Deserialize<T>(_json) : default;
}
