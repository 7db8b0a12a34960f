namespace BenchHost;

/// <summary><c>{sessionId}</c>: the argument of join, leave and broadcast.</summary>
public sealed record SessionRef(string? SessionId);

/// <summary><c>{ok: true}</c>: the acknowledgement of join, leave and broadcast.</summary>
public sealed record OkReply(bool Ok);

/// <summary>The body of <c>POST /bench/emit</c>.</summary>
public sealed record EmitRequest(string SessionId, int Count, long Ts, string? Pad);

/// <summary>The answer of <c>POST /bench/emit</c>: <c>{emitted}</c>.</summary>
public sealed record EmitResponse(int Emitted);

/// <summary>The event a controller emits into a session room after an upload (<c>resource-uploaded</c>).</summary>
public sealed record ResourceUploaded(string SessionId, int Seq, long Ts, string? Pad);

/// <summary>The answer of <c>GET /bench/health</c>; the pid lets the runner measure this process, not `dotnet run`.</summary>
public sealed record Health(bool Ok, int Clients, int Pid);

/// <summary>Room names of the contract.</summary>
internal static class Rooms
{
    public static string Session(string? sessionId) => "session:" + sessionId;
}
