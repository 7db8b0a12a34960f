using MongoDB.Bson;
using MongoDB.Driver;
using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Mongo;

internal sealed class MongoHealthProbe(MongoStore store, ILogger<MongoHealthProbe> logger) : IHealthProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public string Name => "store";

    public async Task<ProbeResult> CheckAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Timeout);
        try
        {
            await store.Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cts.Token);
            return new ProbeResult("mongo", true);
        }
        catch (Exception ex) when (ex is MongoException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning(ex, "MongoDB health check failed");
            return new ProbeResult("mongo", false);
        }
    }
}
