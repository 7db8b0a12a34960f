using VideoConf.Storage.Contract;

namespace VideoConf.Storage.Embedded;

internal sealed class LiteHealthProbe(LiteStore store, ILogger<LiteHealthProbe> logger) : IHealthProbe
{
    public string Name => "store";

    public Task<ProbeResult> CheckAsync(CancellationToken ct)
    {
        try
        {
            store.Read(db => db.GetCollection(LiteCollections.Sessions).Count());
            return Task.FromResult(new ProbeResult("embedded", true));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Embedded store health check failed");
            return Task.FromResult(new ProbeResult("embedded", false));
        }
    }
}
