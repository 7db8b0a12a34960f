using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.GridFS;
using VideoConf.Domain;

namespace VideoConf.Storage.Mongo;

/// <summary>The MongoDB database and its collections, as the repositories use them.</summary>
internal sealed class MongoStore
{
    public const string DefaultDatabaseName = "videoconf";

    public MongoStore(string connectionString) : this(OpenDatabase(connectionString))
    {
    }

    public MongoStore(IMongoDatabase database)
    {
        MongoMapping.EnsureRegistered();
        Database = database;
        Sessions = database.GetCollection<Session>("sessions");
        Resources = database.GetCollection<Resource>("resources");
        Polls = database.GetCollection<Poll>("polls");
        Messages = database.GetCollection<ChatMessage>("messages");
        Counters = database.GetCollection<BsonDocument>("counters");
        Files = new GridFSBucket(database, new GridFSBucketOptions { BucketName = "uploads" });
    }

    public IMongoDatabase Database { get; }
    public IMongoCollection<Session> Sessions { get; }
    public IMongoCollection<Resource> Resources { get; }
    public IMongoCollection<Poll> Polls { get; }
    public IMongoCollection<ChatMessage> Messages { get; }

    /// <summary>One document per session, <c>{_id: sessionId, seq}</c>, incremented atomically with <c>$inc</c>.</summary>
    public IMongoCollection<BsonDocument> Counters { get; }

    public GridFSBucket Files { get; }

    /// <summary>Creates the collections' indexes; idempotent, run once at start.</summary>
    public async Task EnsureIndexesAsync(CancellationToken ct)
    {
        await Resources.Indexes.CreateOneAsync(new CreateIndexModel<Resource>(
            Builders<Resource>.IndexKeys.Ascending(r => r.SessionId).Ascending(r => r.CreatedAt)), cancellationToken: ct);
        await Polls.Indexes.CreateOneAsync(new CreateIndexModel<Poll>(
            Builders<Poll>.IndexKeys.Ascending(p => p.SessionId).Ascending(p => p.CreatedAt)), cancellationToken: ct);
        await Messages.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<ChatMessage>(
                Builders<ChatMessage>.IndexKeys.Ascending(m => m.SessionId).Descending(m => m.Seq),
                new CreateIndexOptions { Unique = true }),
            new CreateIndexModel<ChatMessage>(
                Builders<ChatMessage>.IndexKeys.Ascending(m => m.DedupKey),
                new CreateIndexOptions { Unique = true }),
        ], ct);
    }

    private static IMongoDatabase OpenDatabase(string connectionString)
    {
        var url = MongoUrl.Create(connectionString);
        return new MongoClient(url).GetDatabase(url.DatabaseName ?? DefaultDatabaseName);
    }
}
