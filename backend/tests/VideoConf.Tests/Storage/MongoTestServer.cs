using MongoDB.Driver;
using Testcontainers.MongoDb;

[assembly: AssemblyFixture(typeof(VideoConf.Tests.Storage.MongoTestServer))]

namespace VideoConf.Tests.Storage;

/// <summary>
/// A MongoDB server for the tests, if one can be had: <c>ConnectionStrings__Mongo</c> when set, else a
/// Testcontainers MongoDB container when a Docker engine is reachable. Otherwise <see cref="SkipReason"/> says why
/// the MongoDB tests are skipped.
/// </summary>
public sealed class MongoTestServer : IAsyncLifetime
{
    private MongoDbContainer? _container;

    public string? ConnectionString { get; private set; }

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Mongo");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
            return;
        }

        if (!DockerLooksAvailable())
        {
            SkipReason = "MongoDB tests skipped: ConnectionStrings__Mongo is not set and no Docker engine is reachable for Testcontainers (no DOCKER_HOST, no /var/run/docker.sock).";
            return;
        }

        try
        {
            _container = new MongoDbBuilder("mongo:7.0").Build();
            await _container.StartAsync();
            ConnectionString = _container.GetConnectionString();
        }
        catch (Exception ex)
        {
            SkipReason = $"MongoDB tests skipped: could not start a MongoDB container ({ex.GetType().Name}: {ex.Message}).";
        }
    }

    /// <summary>A database of its own for one test, so tests never see each other's data.</summary>
    public IMongoDatabase CreateDatabase()
    {
        if (SkipReason is not null) Assert.Skip(SkipReason);
        var client = new MongoClient(ConnectionString);
        return client.GetDatabase("videoconf_test_" + Guid.NewGuid().ToString("N"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null) await _container.DisposeAsync();
    }

    private static bool DockerLooksAvailable() =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");
}
