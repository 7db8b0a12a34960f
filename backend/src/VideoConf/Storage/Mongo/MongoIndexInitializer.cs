namespace VideoConf.Storage.Mongo;

/// <summary>
/// Creates the indexes before the server takes requests: the unique ones are what make chat deduplication and
/// sequence numbers safe, so starting without them would be wrong rather than merely slow.
/// </summary>
internal sealed class MongoIndexInitializer(MongoStore store, ILogger<MongoIndexInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureIndexesAsync(cancellationToken);
        logger.LogInformation("MongoDB store ready (database {Database})", store.Database.DatabaseNamespace.DatabaseName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
