using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// Emitting from outside any socket handler through the injected <see cref="ISocketIOServer"/>, as applications do
/// (like SignalR's IHubContext): from a minimal API endpoint and from a hosted service's constructor dependency.
/// </summary>
public sealed class InjectedServerTests
{
    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Minimal_api_endpoint_emits_to_a_room(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode, settings => settings.ConfigureApp = app =>
            app.MapPost("/notify/{room}", async (string room, JsonElement body, ISocketIOServer io) =>
            {
                await io.To(room).EmitAsync("notice", body);
                return Results.Accepted();
            }));
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["news"]);

        using var http = new HttpClient { BaseAddress = new Uri(s.Server.Url) };
        using var response = await http.PostAsJsonAsync("/notify/news", new { headline = "hello", n = 1 }, Timeouts.Token());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Json.Equal("""[{"headline":"hello","n":1}]""", await a.EventAsync("notice"));
        await Rooms.MarkAsync(s, a, b, c);
        Assert.Equal(1, a.CountEvents("notice"));
        Assert.Equal(0, b.CountEvents("notice"));
        Assert.Equal(0, c.CountEvents("notice"));
    }

    [Theory]
    [MemberData(nameof(ClientMatrix.All), MemberType = typeof(ClientMatrix))]
    public async Task Hosted_service_emits_to_a_room(ClientKind kind, TransportMode mode)
    {
        await using var s = await Scenario.StartAsync(kind, mode, settings => settings.ConfigureBuilder = builder =>
        {
            builder.Services.AddSingleton<Announcements>();
            builder.Services.AddHostedService<RoomAnnouncer>();
        });
        var (a, b, c) = await Rooms.ThreeClientsAsync(s, aRooms: ["news"], cRooms: ["news"]);

        await s.Server.App.Services.GetRequiredService<Announcements>().Queue.Writer.WriteAsync("from the service", Timeouts.Token());

        Json.Equal("""["from the service"]""", await a.EventAsync("notice"));
        Json.Equal("""["from the service"]""", await c.EventAsync("notice"));
        await Rooms.MarkAsync(s, a, b, c);
        Assert.Equal(0, b.CountEvents("notice"));
    }

    /// <summary>What the test asks <see cref="RoomAnnouncer"/> to announce.</summary>
    private sealed class Announcements
    {
        public Channel<string> Queue { get; } = Channel.CreateUnbounded<string>();
    }

    /// <summary>An application-style background service: the server handle comes through its constructor.</summary>
    private sealed class RoomAnnouncer(ISocketIOServer io, Announcements announcements) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await foreach (var text in announcements.Queue.Reader.ReadAllAsync(stoppingToken))
                await io.To("news").EmitAsync("notice", text);
        }
    }
}
