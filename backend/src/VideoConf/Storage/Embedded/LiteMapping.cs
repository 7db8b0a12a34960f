using LiteDB;
using VideoConf.Domain;

namespace VideoConf.Storage.Embedded;

/// <summary>How the domain classes map to LiteDB documents.</summary>
internal static class LiteMapping
{
    public static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper();

        // LiteDB hands dates back in local time; the API promises UTC.
        mapper.RegisterType<DateTime>(
            serialize: value => new BsonValue(value.ToUniversalTime()),
            deserialize: bson => DateTime.SpecifyKind(bson.AsDateTime.ToUniversalTime(), DateTimeKind.Utc));

        mapper.Entity<Resource>().Ignore(r => r.Url);
        return mapper;
    }
}
