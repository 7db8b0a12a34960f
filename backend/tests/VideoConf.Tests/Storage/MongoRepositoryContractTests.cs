using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Driver;
using VideoConf.Storage.Mongo;

namespace VideoConf.Tests.Storage;

/// <summary>The repository contract against MongoDB (skipped, with the reason, when no server is available).</summary>
public sealed class MongoRepositoryContractTests(MongoTestServer server) : RepositoryContract
{
    private IMongoDatabase? _database;

    internal override async Task<StoreUnderTest> OpenAsync()
    {
        _database = server.CreateDatabase();
        return await OpenAgainAsync();
    }

    internal override async Task<StoreUnderTest> OpenAgainAsync()
    {
        // A new client each time: a second handle stands for another process.
        var database = new MongoClient(server.ConnectionString).GetDatabase(_database!.DatabaseNamespace.DatabaseName);
        var store = new MongoStore(database);
        await store.EnsureIndexesAsync(Ct);
        return new StoreUnderTest(
            new MongoSessionRepository(store),
            new MongoResourceRepository(store),
            new MongoPollRepository(store),
            new MongoMessageRepository(store),
            new GridFsFileStore(store),
            new MongoHealthProbe(store, NullLogger<MongoHealthProbe>.Instance));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null) await _database.Client.DropDatabaseAsync(_database.DatabaseNamespace.DatabaseName);
    }
}
