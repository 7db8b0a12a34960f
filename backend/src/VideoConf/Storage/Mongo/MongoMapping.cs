using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using VideoConf.Domain;

namespace VideoConf.Storage.Mongo;

/// <summary>
/// Class maps for the domain types: camelCase fields like the JSON contract, <c>Id</c> as <c>_id</c>, unknown fields
/// ignored (so older servers read newer documents). The driver's registries are process-wide, hence the once-guard.
/// </summary>
internal static class MongoMapping
{
    private static readonly Lazy<bool> Registered = new(Register);

    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        var conventions = new ConventionPack
        {
            new CamelCaseElementNameConvention(),
            new IgnoreExtraElementsConvention(true),
        };
        ConventionRegistry.Register("VideoConf", conventions, type => type.Namespace == typeof(Session).Namespace);

        BsonClassMap.TryRegisterClassMap<Resource>(map =>
        {
            map.AutoMap();
            map.UnmapMember(r => r.Url);
        });
        return true;
    }
}
