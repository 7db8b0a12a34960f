using MongoDB.Driver;
using VideoConf.Domain;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Mongo;

internal sealed class MongoResourceRepository(MongoStore store) : IResourceRepository
{
    public Task AddAsync(Resource resource, CancellationToken ct = default) =>
        store.Resources.InsertOneAsync(resource, cancellationToken: ct);

    public async Task<IReadOnlyList<Resource>> ListAsync(string sessionId, CancellationToken ct = default) =>
        await store.Resources.Find(r => r.SessionId == sessionId)
            .SortBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .ToListAsync(ct);

    public async Task<Resource?> GetAsync(string sessionId, string resourceId, CancellationToken ct = default) =>
        await store.Resources.Find(r => r.Id == resourceId && r.SessionId == sessionId).FirstOrDefaultAsync(ct);

    public async Task<Resource?> DeleteAsync(string sessionId, string resourceId, CancellationToken ct = default) =>
        await store.Resources.FindOneAndDeleteAsync(r => r.Id == resourceId && r.SessionId == sessionId, cancellationToken: ct);
}
