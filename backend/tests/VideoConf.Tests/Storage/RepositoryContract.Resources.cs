using System.Text;
using VideoConf.Domain;

namespace VideoConf.Tests.Storage;

public abstract partial class RepositoryContract
{
    internal static Resource NewResource(string sessionId, string name, DateTime createdAt) => new()
    {
        Id = Ids.New(),
        SessionId = sessionId,
        Name = name,
        Size = 3,
        ContentType = "text/plain",
        UploadedBy = "host",
        CreatedAt = createdAt,
        StorageKey = "k-" + name,
    };

    [Fact]
    public async Task Resources_list_oldest_first_per_session()
    {
        var t0 = Clock.UtcNow();
        var later = NewResource("s1", "later.txt", t0.AddSeconds(2));
        var earlier = NewResource("s1", "earlier.txt", t0);
        var other = NewResource("s2", "other.txt", t0.AddSeconds(1));
        foreach (var r in new[] { later, earlier, other }) await Store.Resources.AddAsync(r, Ct);

        var list = await Store.Resources.ListAsync("s1", Ct);

        Assert.Equal(["earlier.txt", "later.txt"], list.Select(r => r.Name));
        Assert.Equal(earlier.CreatedAt, list[0].CreatedAt);
        Assert.Equal("k-earlier.txt", list[0].StorageKey);
        Assert.Equal($"/api/sessions/s1/resources/{earlier.Id}/download", list[0].Url);
    }

    [Fact]
    public async Task Resource_is_only_found_in_its_own_session_and_deleted_once()
    {
        var resource = NewResource("s1", "a.txt", Clock.UtcNow());
        await Store.Resources.AddAsync(resource, Ct);

        Assert.Null(await Store.Resources.GetAsync("s2", resource.Id, Ct));
        Assert.Null(await Store.Resources.DeleteAsync("s2", resource.Id, Ct));
        Assert.NotNull(await Store.Resources.GetAsync("s1", resource.Id, Ct));

        var deleted = await Store.Resources.DeleteAsync("s1", resource.Id, Ct);
        Assert.Equal(resource.StorageKey, deleted?.StorageKey);
        Assert.Null(await Store.Resources.DeleteAsync("s1", resource.Id, Ct));
        Assert.Empty(await Store.Resources.ListAsync("s1", Ct));
    }

    [Fact]
    public async Task File_store_keeps_bytes_under_a_generated_key()
    {
        var bytes = Encoding.UTF8.GetBytes("hello, files");
        var key = await Store.Files.SaveAsync(new MemoryStream(bytes), "../../etc/passwd", Ct);

        Assert.DoesNotContain("passwd", key);
        await using (var read = await Store.Files.OpenReadAsync(key, Ct))
        {
            Assert.NotNull(read);
            var copy = new MemoryStream();
            await read.CopyToAsync(copy, Ct);
            Assert.Equal(bytes, copy.ToArray());
        }

        await Store.Files.DeleteAsync(key, Ct);
        Assert.Null(await Store.Files.OpenReadAsync(key, Ct));
        await Store.Files.DeleteAsync(key, Ct);
    }

    [Fact]
    public async Task File_store_rejects_unknown_and_path_like_keys()
    {
        Assert.Null(await Store.Files.OpenReadAsync("../videoconf.db", Ct));
        Assert.Null(await Store.Files.OpenReadAsync(Ids.New(), Ct));
        Assert.Null(await Store.Files.OpenReadAsync("", Ct));
    }
}
