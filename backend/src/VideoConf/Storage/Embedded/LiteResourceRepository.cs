using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Embedded;

internal sealed class LiteResourceRepository(LiteStore store) : IResourceRepository
{
    public Task AddAsync(Resource resource, CancellationToken ct = default)
    {
        store.Write(db => db.GetCollection<Resource>(LiteCollections.Resources).Insert(resource));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Resource>> ListAsync(string sessionId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<Resource>>(store.Read(db => db.GetCollection<Resource>(LiteCollections.Resources)
            .Find(r => r.SessionId == sessionId)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToList()));

    public Task<Resource?> GetAsync(string sessionId, string resourceId, CancellationToken ct = default) =>
        Task.FromResult<Resource?>(store.Read(db => Find(db.GetCollection<Resource>(LiteCollections.Resources), sessionId, resourceId)));

    public Task<Resource?> DeleteAsync(string sessionId, string resourceId, CancellationToken ct = default) =>
        Task.FromResult(store.Write(db =>
        {
            var resources = db.GetCollection<Resource>(LiteCollections.Resources);
            var resource = Find(resources, sessionId, resourceId);
            return resource is not null && resources.Delete(resourceId) ? resource : null;
        }));

    private static Resource? Find(LiteDB.ILiteCollection<Resource> resources, string sessionId, string resourceId)
    {
        var resource = resources.FindById(resourceId);
        return resource?.SessionId == sessionId ? resource : null;
    }
}
