using Tether.SocketIO;

namespace BenchHost;

/// <summary>
/// The HTTP side of the bench contract: emitting into a room through the injected <see cref="ISocketIOServer"/>,
/// exactly as a REST controller does (e.g. resource-uploaded after an upload), and a health probe.
/// </summary>
internal static class BenchEndpoints
{
    public static void MapBenchEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/bench/emit", async (EmitRequest request, ISocketIOServer io) =>
        {
            var room = io.Of("/video").To(Rooms.Session(request.SessionId));
            for (var seq = 0; seq < request.Count; seq++)
                await room.EmitAsync("resource-uploaded", new ResourceUploaded(request.SessionId, seq, request.Ts, request.Pad));
            return new EmitResponse(request.Count);
        });

        app.MapGet("/bench/health", (ISocketIOServer io) => new Health(true, io.ClientsCount, Environment.ProcessId));
    }
}
