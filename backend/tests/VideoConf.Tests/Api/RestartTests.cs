using System.Text;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Api;

public sealed class RestartTests : AppTest
{
    [Fact]
    public async Task A_restart_on_the_same_data_folder_keeps_everything()
    {
        var c = await StartConferenceAsync();
        var resourceId = Id(await TestUser.ReadOkAsync(await c.Coach.UploadAsync(c.SessionId, "kept.txt", Encoding.UTF8.GetBytes("kept"))));
        var pollId = Id((await c.Coach.PostOkAsync($"/api/sessions/{c.SessionId}/polls", new { question = "Q", options = new[] { "a", "b" } })).GetProperty("poll"));
        await c.Participant.PostOkAsync($"/api/sessions/{c.SessionId}/polls/{pollId}/vote", new { optionIndex = 1 });
        await c.Participant.PostOkAsync($"/api/sessions/{c.SessionId}/messages", new { text = "before", clientId = "c1" });
        var before = await SnapshotAsync(c);

        await RestartAsync();
        // The same tokens still work: the signing key lives in the data folder.
        var reread = c.Participant.On(App);
        var after = await SnapshotAsync(c with { Participant = reread });

        Assert.Equal(before, after);
        var download = await reread.GetAsync($"/api/sessions/{c.SessionId}/resources/{resourceId}/download");
        Assert.Equal("kept", await download.Content.ReadAsStringAsync(Ct));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await reread.PostAsync($"/api/sessions/{c.SessionId}/polls/{pollId}/vote", new { optionIndex = 0 })).StatusCode);
        var next = await reread.PostOkAsync($"/api/sessions/{c.SessionId}/messages", new { text = "after" });
        Assert.Equal(2, next.GetProperty("seq").GetInt64());

        // Access control comes from the store, so it survives the restart too.
        await using var socket = await VideoClient.ConnectAsync(App, reread.Token, c.SessionId, reread.Id);
        Assert.Equal(reread.Id, (await socket.WaitForAsync("participants"))[0].GetProperty("userId").GetString());
    }

    private static async Task<string> SnapshotAsync(Conference c)
    {
        var session = await c.Participant.GetOkAsync($"/api/sessions/{c.SessionId}");
        var resources = await c.Participant.GetOkAsync($"/api/sessions/{c.SessionId}/resources");
        var polls = await c.Participant.GetOkAsync($"/api/sessions/{c.SessionId}/polls");
        var messages = await c.Participant.GetOkAsync($"/api/sessions/{c.SessionId}/messages");
        return string.Join("\n", session.GetRawText(), resources.GetRawText(), polls.GetRawText(), messages.GetRawText());
    }
}
