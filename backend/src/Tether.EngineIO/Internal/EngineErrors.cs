using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tether.EngineIO.Internal;

/// <summary>The reference server's error codes (engine.io <c>Server.errors</c>).</summary>
internal enum EngineErrorCode
{
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}

/// <summary>Writes the JSON error bodies the reference server answers with (<c>{"code":N,"message":"..."}</c>).</summary>
internal static class EngineErrors
{
    private static readonly byte[][] Bodies =
    [
        Body(0, "Transport unknown"),
        Body(1, "Session ID unknown"),
        Body(2, "Bad handshake method"),
        Body(3, "Bad request"),
        Body(4, "Forbidden"),
        Body(5, "Unsupported protocol version"),
    ];

    private static byte[] Body(int code, string message)
        => Encoding.UTF8.GetBytes($"{{\"code\":{code},\"message\":\"{message}\"}}");

    public static Task WriteAsync(HttpContext context, EngineErrorCode code)
    {
        var response = context.Response;
        if (response.HasStarted) return Task.CompletedTask;
        response.StatusCode = code == EngineErrorCode.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
        response.ContentType = "application/json";
        var body = Bodies[(int)code];
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length);
    }
}
