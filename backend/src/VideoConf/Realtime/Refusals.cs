using Tether.SocketIO;

namespace VideoConf.Realtime;

/// <summary>The two ways a <c>/video</c> connection is refused; the client sees them as <c>connect_error</c>.</summary>
internal static class Refusals
{
    public static SocketIOConnectException Unauthorized() => new("unauthorized", new { code = 401 });

    public static SocketIOConnectException Forbidden() => new("forbidden", new { code = 403 });
}
