using MongoDB.Bson;
using MongoDB.Driver.GridFS;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Mongo;

/// <summary>Uploaded files in GridFS (bucket <c>uploads</c>); the key is the GridFS file id.</summary>
internal sealed class GridFsFileStore(MongoStore store) : IFileStore
{
    public async Task<string> SaveAsync(Stream content, string fileName, CancellationToken ct = default)
    {
        var id = await store.Files.UploadFromStreamAsync(fileName, content, cancellationToken: ct);
        return id.ToString();
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct = default)
    {
        if (!ObjectId.TryParse(key, out var id)) return null;
        try
        {
            return await store.Files.OpenDownloadStreamAsync(id, cancellationToken: ct);
        }
        catch (GridFSFileNotFoundException)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken ct = default)
    {
        if (!ObjectId.TryParse(key, out var id)) return;
        try
        {
            await store.Files.DeleteAsync(id, ct);
        }
        catch (GridFSFileNotFoundException)
        {
            // Already gone: deleting is idempotent.
        }
    }
}
