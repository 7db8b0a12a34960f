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
    private readonly JsonSerializerOptions _json;

    internal SocketHandshake(EngineHandshakeRequest request, JsonElement? auth, JsonSerializerOptions json)
    {
        Headers = request.Headers;
        Query = request.Query;
        Address = request.RemoteAddress;
        Time = request.Time;
        Secure = request.Secure;
        Url = request.Url;
        User = request.User;
        Auth = auth;
        _json = json;
    }

    /// <summary>Request headers (names case-insensitive).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Query string values of the opening request (including <c>EIO</c> and <c>transport</c>).</summary>
    public IReadOnlyDictionary<string, string> Query { get; }

    /// <summary>The client's IP address as seen by the server.</summary>
    public string Address { get; }

    /// <summary>When the Engine.IO connection was opened.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Whether the opening request came over TLS.</summary>
    public bool Secure { get; }

    /// <summary>Path and query of the opening request.</summary>
    public string Url { get; }

    /// <summary>
    /// The <c>auth</c> object of the CONNECT packet, or null when the client sent none. It may hold credentials: do not
    /// log it.
    /// </summary>
    public JsonElement? Auth { get; }

    /// <summary>The user ASP.NET Core authentication resolved for the opening request (anonymous when none).</summary>
    public ClaimsPrincipal User { get; }

    /// <summary>Binds <see cref="Auth"/> to <typeparamref name="T"/> with the server's JSON options; default when absent.</summary>
    public T? GetAuth<T>() => Auth is { } auth ? auth.Deserialize<T>(_json) : default;
}
