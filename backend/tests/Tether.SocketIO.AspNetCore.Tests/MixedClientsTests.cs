using System.Text.Json.Nodes;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// One broadcast to a room whose members use different clients and transports: the packet is encoded once and the
/// shared frames must come out right for polling (base64 binary) and WebSocket (binary frames) alike.
/// </summary>
public sealed class MixedClientsTests
{
    [Fact]
    public async Task Binary_broadcast_reaches_every_client_and_transport_identically()
    {
        await using var server = await TestServer.StartAsync();
        var groups = new List<TestClients>();
        var members = new List<TestClient>();
        try
        {
            foreach (var kind in Enum.GetValues<ClientKind>())
            {
                foreach (var mode in Enum.GetValues<TransportMode>())
                {
                    var clients = await TestClients.StartAsync(kind, mode, server);
                    groups.Add(clients);
                    var member = await clients.ConnectAsync($"{kind}-{mode}");
                    Json.Equal("[]", await member.EmitWithAckAsync("join-room", "mixed"));
                    members.Add(member);
                }
            }
            var outsider = await groups[0].ConnectAsync("outsider");

            await server.Io.To("mixed").EmitAsync("notice", new byte[] { 0, 1, 254, 255 }, new { text = "é", blob = new byte[] { 42 } });
            await server.Io.EmitAsync("marker");

            var expected = new JsonArray(Json.Bin(0, 1, 254, 255), new JsonObject { ["text"] = "é", ["blob"] = Json.Bin(42) });
            foreach (var member in members)
            {
                await member.EventAsync("marker");
                Assert.Equal(1, member.CountEvents("notice"));
                Json.Equal(expected, await member.EventAsync("notice"));
            }
            await outsider.EventAsync("marker");
            Assert.Equal(0, outsider.CountEvents("notice"));
        }
        finally
        {
            foreach (var clients in groups) await clients.DisposeAsync();
        }
    }
}
