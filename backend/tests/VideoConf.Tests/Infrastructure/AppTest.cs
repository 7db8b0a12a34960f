using System.Text.Json;

namespace VideoConf.Tests.Infrastructure;

/// <summary>Base of the tests that run the whole app: a fresh host on its own temp data folder per test.</summary>
public abstract class AppTest : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _disposables = [];

    internal TempFolder Data { get; } = new();

    internal TestApp App { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Settings for the host, as configuration keys (e.g. <c>Storage:MaxUploadBytes</c>).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async ValueTask InitializeAsync() => App = await TestApp.StartAsync(Data.Path, Settings);

    /// <summary>Stops the host and starts a new one on the same data folder.</summary>
    internal async Task RestartAsync()
    {
        await App.DisposeAsync();
        App = await TestApp.StartAsync(Data.Path, Settings);
    }

    internal Task<TestUser> LoginAsync(string name, string role = "participant") => TestUser.LoginAsync(App, name, role);

    internal async Task<VideoClient> ConnectAsync(TestUser user, string sessionId)
    {
        var client = await VideoClient.ConnectAsync(App, user.Token, sessionId, user.Id);
        _disposables.Add(client);
        return client;
    }

    /// <summary>A coach's session joined by one participant, both connected.</summary>
    internal async Task<Conference> StartConferenceAsync()
    {
        var coach = await LoginAsync("Coach", "coach");
        var participant = await LoginAsync("Pat");
        var sessionId = await coach.CreateSessionAsync("Lesson");
        await participant.JoinAsync(sessionId);
        var coachSocket = await ConnectAsync(coach, sessionId);
        var participantSocket = await ConnectAsync(participant, sessionId);
        return new Conference(sessionId, coach, participant, coachSocket, participantSocket);
    }

    /// <summary>
    /// Sends a chat message as a marker and waits until every client has it. Events to one socket arrive in
    /// order, so afterwards each client has received everything emitted before the marker: counting then proves
    /// "exactly once" without sleeping.
    /// </summary>
    internal static async Task SyncAsync(TestUser sender, string sessionId, params VideoClient[] clients)
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await sender.PostOkAsync($"/api/sessions/{sessionId}/messages", new { text = marker });
        foreach (var client in clients)
            await client.WaitForAsync("chat-message-added", m => m.GetProperty("text").GetString() == marker);
    }

    internal static int CountWithId(VideoClient client, string eventName, string id) =>
        client.Received(eventName).Count(p => p.TryGetProperty("_id", out var value) && value.GetString() == id);

    internal static string Id(JsonElement element) => element.GetProperty("_id").GetString()!;

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables) await disposable.DisposeAsync();
        await App.DisposeAsync();
        Data.Dispose();
    }
}

internal sealed record Conference(string SessionId, TestUser Coach, TestUser Participant, VideoClient CoachSocket, VideoClient ParticipantSocket);
