using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tether.SocketIO;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Security;

/// <summary>Two sessions side by side: the attacker is a member of A, the observers are members of B.</summary>
internal sealed record TwoSessions(Conference A, Conference B);

/// <summary>Base of the isolation tests: two running sessions, the server's view of a socket's rooms, and a B-side fence.</summary>
public abstract class TwoSessionsTest : SecurityTest
{
    internal async Task<TwoSessions> StartTwoSessionsAsync()
    {
        var a = await StartConferenceAsync();
        var b = await StartConferenceAsync();
        // Everyone has seen everyone of their own session arrive before anything is attempted.
        await a.CoachSocket.WaitForAsync("participant-joined", p => p.GetProperty("userId").GetString() == a.Participant.Id);
        await b.CoachSocket.WaitForAsync("participant-joined", p => p.GetProperty("userId").GetString() == b.Participant.Id);
        return new TwoSessions(a, b);
    }

    internal ISocketIOServer Io => App.Services.GetRequiredService<ISocketIOServer>();

    /// <summary>The rooms the server has the socket in (through the injected server handle, as an adapter sees them).</summary>
    internal async Task<IReadOnlySet<string>> RoomsOfAsync(VideoClient client)
    {
        var sockets = await Io.Of("/video").FetchSocketsAsync();
        return Assert.Single(sockets, s => s.Id == client.Id).Rooms;
    }

    /// <summary>Every room of the socket belongs to <paramref name="ownSessionId"/> (or is its own id) and none to <paramref name="otherSessionId"/>.</summary>
    internal async Task AssertConfinedAsync(VideoClient client, string ownSessionId, string otherSessionId)
    {
        var rooms = await RoomsOfAsync(client);
        Assert.Contains($"session:{ownSessionId}", rooms);
        Assert.All(rooms, room => Assert.True(room == client.Id || room == $"session:{ownSessionId}" || room.StartsWith($"session:{ownSessionId}:", StringComparison.Ordinal),
            $"socket {client.Id} is in room '{room}'"));
        Assert.DoesNotContain(rooms, room => room.Contains(otherSessionId, StringComparison.Ordinal));

        var inOther = await Io.Of("/video").In($"session:{otherSessionId}").FetchSocketsAsync();
        Assert.DoesNotContain(inOther, s => s.Id == client.Id);
    }

    /// <summary>
    /// A round trip on the attacker's own socket: an acked chat message in its own session. Packets of one socket
    /// are handled in order, so once this is acked (and seen by the own coach) everything sent before it has been
    /// handled.
    /// </summary>
    internal static async Task FenceAsync(Conference own)
    {
        var text = "fence-" + Guid.NewGuid().ToString("N");
        var ack = await own.ParticipantSocket.EmitWithAckAsync("chat-message", new { text });
        Assert.True(ack.GetProperty("ok").GetBoolean());
        await own.CoachSocket.WaitForAsync("chat-message-added", m => m.GetProperty("text").GetString() == text);
    }

    /// <summary>
    /// Asserts the B sockets received nothing but B's own traffic: their participant lists, B members' joins, and
    /// the marker that <see cref="AppTest.SyncAsync"/> sent after the attempt (awaited, so exactly-none is proven,
    /// not slept on).
    /// </summary>
    internal static async Task AssertBUntouchedAsync(TwoSessions s)
    {
        var b = s.B;
        await SyncAsync(b.Coach, b.SessionId, b.CoachSocket, b.ParticipantSocket);
        var bUsers = new[] { b.Coach.Id, b.Participant.Id };
        var attackers = new[] { s.A.Coach.Id, s.A.Participant.Id };
        foreach (var observer in new[] { b.CoachSocket, b.ParticipantSocket })
        {
            foreach (var name in new[] { "typing", "code_change", "cursor-moved", "hand-raised", "hand-lowered", "user-activity-changed", "signal",
                         "resource-uploaded", "resource-deleted", "poll-created", "poll-voted", "poll-deleted", "session-ended", "participant-left" })
                Assert.Empty(observer.Received(name));
            Assert.All(observer.Received("participant-joined"), p => Assert.Contains(p.GetProperty("userId").GetString(), bUsers));
            Assert.All(observer.Received("participants"), list => Assert.All(list.EnumerateArray(),
                p => Assert.Contains(p.GetProperty("userId").GetString(), bUsers)));
            var chat = Assert.Single(observer.Received("chat-message-added"));
            Assert.StartsWith("marker-", chat.GetProperty("text").GetString());
            Assert.Equal(b.Coach.Id, chat.GetProperty("userId").GetString());
        }

        // Nothing was stored in B either.
        var history = await b.Coach.GetOkAsync($"/api/sessions/{b.SessionId}/messages");
        Assert.All(history.EnumerateArray(), m => Assert.DoesNotContain(m.GetProperty("userId").GetString(), attackers));
        Assert.Single(history.EnumerateArray());
    }

    internal static string? UserIdOf(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("userId", out var id) ? id.GetString() : null;
}
