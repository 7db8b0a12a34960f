using System.Diagnostics;
using System.Text.Json;
using Tether.SocketIO.Tests.Infrastructure;

namespace Tether.SocketIO.Tests.Recovery;

/// <summary>
/// Connection state recovery against the unmodified npm socket.io-client (recovery-client.mjs next to this file, using
/// the package installed in backend/tests/crosslang). Recovery is on for /video only, as the application uses it.
/// </summary>
public sealed class RealClientRecoveryTests
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task NpmClient_RecoversItsSession_AndGetsEveryMissedEventOnceInOrder(string transport)
    {
        var serverSide = new ServerObservations();
        await using var host = await KestrelHost.StartAsync(
            o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions { Namespaces = { "/video" } },
            io => Setup(io, serverSide));

        var (exitCode, output) = await NodeScript.RunAsync("Recovery/recovery-client.mjs", host.BaseUri.ToString().TrimEnd('/'), transport);

        Assert.True(exitCode == 0, $"node exited with {exitCode}: {output}");
        using var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], result.RootElement.GetProperty("news").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("transport close", result.RootElement.GetProperty("disconnect").GetString());
        Assert.Equal(DisconnectReasons.ForcedClose, await serverSide.FirstDisconnect.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Empty(host.Logs.Errors);
    }

    private sealed class ServerObservations
    {
        public TaskCompletionSource<string> FirstDisconnect { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static void Setup(ISocketIOServer io, ServerObservations observations)
    {
        var video = io.Of("/video");
        video.OnConnection(socket =>
        {
            socket.On("join", async (string room, string name) =>
            {
                socket.Join(room);
                socket.Data["name"] = name;
                await video.To(room).EmitAsync("news", 0);
                return "ok";
            });
            socket.On("kick", () =>
            {
                // A transport-level close ("forced close" on the server, "transport close" on the client): recoverable.
                socket.Disconnected += async (s, reason) =>
                {
                    observations.FirstDisconnect.TrySetResult(reason);
                    for (var n = 1; n <= 5; n++) await video.To("r1").EmitAsync("news", n);
                };
                socket.Client.Connection.Close();
            });
            socket.On("whoami", () => new { name = socket.Data["name"], rooms = socket.Rooms.ToArray(), recovered = socket.Recovered });
            socket.On("more", async (string room, int n) =>
            {
                await video.To(room).EmitAsync("news", n);
                return "ok";
            });
            return Task.CompletedTask;
        });
    }
}
