using System.Net;
using System.Text;
using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Realtime;

public sealed class ResourceEventsTests : AppTest
{
    [Fact]
    public async Task Upload_reaches_every_socket_of_the_session_exactly_once()
    {
        var c = await StartConferenceAsync();

        var response = await c.Coach.UploadAsync(c.SessionId, "notes.txt", Encoding.UTF8.GetBytes("hello"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var resource = await TestUser.ReadOkAsync(response);
        var id = Id(resource);

        var received = await c.ParticipantSocket.WaitForAsync("resource-uploaded");
        Assert.Equal(id, Id(received));
        Assert.Equal("notes.txt", received.GetProperty("name").GetString());
        Assert.Equal(c.SessionId, received.GetProperty("sessionId").GetString());
        Assert.Equal(5, received.GetProperty("size").GetInt64());
        Assert.Equal("text/plain", received.GetProperty("contentType").GetString());
        Assert.Equal(c.Coach.Id, received.GetProperty("uploadedBy").GetString());
        Assert.Equal($"/api/sessions/{c.SessionId}/resources/{id}/download", received.GetProperty("url").GetString());
        Assert.False(received.TryGetProperty("storageKey", out _));

        await SyncAsync(c.Coach, c.SessionId, c.CoachSocket, c.ParticipantSocket);
        Assert.Equal(1, CountWithId(c.ParticipantSocket, "resource-uploaded", id));
        Assert.Equal(1, CountWithId(c.CoachSocket, "resource-uploaded", id));
    }

    [Fact]
    public async Task Delete_emits_once_and_the_list_matches_the_store()
    {
        var c = await StartConferenceAsync();
        var kept = Id(await TestUser.ReadOkAsync(await c.Coach.UploadAsync(c.SessionId, "kept.pdf", [1, 2, 3], "application/pdf")));
        var removed = Id(await TestUser.ReadOkAsync(await c.Coach.UploadAsync(c.SessionId, "gone.txt", [4])));

        var delete = await c.Coach.DeleteAsync($"/api/sessions/{c.SessionId}/resources/{removed}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        var deleted = await c.ParticipantSocket.WaitForAsync("resource-deleted");
        Assert.Equal(removed, Id(deleted));
        Assert.Equal(c.SessionId, deleted.GetProperty("sessionId").GetString());
        await SyncAsync(c.Coach, c.SessionId, c.CoachSocket, c.ParticipantSocket);
        Assert.Equal(1, CountWithId(c.ParticipantSocket, "resource-deleted", removed));
        Assert.Equal(1, CountWithId(c.CoachSocket, "resource-deleted", removed));

        var list = await c.Participant.GetOkAsync($"/api/sessions/{c.SessionId}/resources");
        Assert.Equal([kept], list.EnumerateArray().Select(Id));
        Assert.Equal(HttpStatusCode.NotFound, (await c.Participant.GetAsync($"/api/sessions/{c.SessionId}/resources/{removed}/download")).StatusCode);
    }

    [Fact]
    public async Task Download_returns_the_bytes_with_type_and_a_safe_name()
    {
        var c = await StartConferenceAsync();
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,2\n");
        var id = Id(await TestUser.ReadOkAsync(await c.Coach.UploadAsync(c.SessionId, "..\\..\\évil:name.csv", bytes, "text/csv")));

        var response = await c.Participant.GetAsync($"/api/sessions/{c.SessionId}/resources/{id}/download");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Ct));
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.Equal("attachment", disposition?.DispositionType);
        Assert.Equal("évil_name.csv", disposition?.FileNameStar);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
