using VideoConf.Domain;

namespace VideoConf.Storage.Contract;

/// <summary>Resource metadata; the bytes are in <see cref="IFileStore"/>.</summary>
internal interface IResourceRepository
{
    Task AddAsync(Resource resource, CancellationToken ct = default);

    /// <summary>The session's resources, oldest first.</summary>
    Task<IReadOnlyList<Resource>> ListAsync(string sessionId, CancellationToken ct = default);

    Task<Resource?> GetAsync(string sessionId, string resourceId, CancellationToken ct = default);

    /// <summary>Removes and returns the resource; null when it was not there (so only one caller wins).</summary>
    Task<Resource?> DeleteAsync(string sessionId, string resourceId, CancellationToken ct = default);
}
