using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;
using VideoConf.Domain;
using VideoConf.Storage.Mongo;

namespace VideoConf.Tests.Storage;

/// <summary>
/// The MongoDB document shapes and the vote's conditional update, checked without a server (the serializers and
/// the query rendering are client-side), so they are covered even where the Mongo contract tests skip.
/// </summary>
public sealed class MongoMappingTests
{
    public MongoMappingTests() => MongoMapping.EnsureRegistered();

    [Fact]
    public void Documents_use_camel_case_fields_and_underscore_id()
    {
        var resource = RepositoryContract.NewResource("s1", "a.txt", Clock.UtcNow());

        var doc = resource.ToBsonDocument();

        Assert.Equal(resource.Id, doc["_id"].AsString);
        Assert.Equal("s1", doc["sessionId"].AsString);
        Assert.Equal("k-a.txt", doc["storageKey"].AsString);
        Assert.False(doc.Contains("url"));
        Assert.False(doc.Contains("Url"));
        Assert.Equal(BsonType.DateTime, doc["createdAt"].BsonType);
    }

    [Fact]
    public void Session_round_trips_with_utc_times_and_null_left_at()
    {
        var session = RepositoryContract.NewSession();

        var doc = session.ToBsonDocument();
        var back = BsonSerializer.Deserialize<Session>(doc);

        Assert.Equal("active", doc["status"].AsString);
        Assert.True(doc["participants"][0].AsBsonDocument.Contains("userId"));
        Assert.Equal(session.CreatedAt, back.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, back.CreatedAt.Kind);
        Assert.True(back.HasActiveParticipant(session.HostId));
    }

    [Fact]
    public void Vote_is_one_conditional_update()
    {
        var args = new RenderArgs<Poll>(BsonSerializer.SerializerRegistry.GetSerializer<Poll>(), BsonSerializer.SerializerRegistry);

        var filter = MongoPollRepository.VoteFilter("s1", "p1", "u1", 2).Render(args);
        var update = MongoPollRepository.VoteUpdate("u1", 2).Render(args).AsBsonDocument;

        Assert.Equal("p1", filter["_id"].AsString);
        Assert.Equal("s1", filter["sessionId"].AsString);
        Assert.Equal(new BsonDocument("$ne", "u1"), filter["voters"]);
        Assert.Equal(new BsonDocument("$exists", true), filter["options.2"]);
        Assert.Equal(new BsonDocument("options.2.votes", 1), update["$inc"]);
        Assert.Equal(new BsonDocument("voters", "u1"), update["$push"]);
    }
}
