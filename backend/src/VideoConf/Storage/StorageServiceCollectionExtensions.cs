using VideoConf.Storage.Contract;
using VideoConf.Storage.Embedded;
using VideoConf.Storage.Mongo;

namespace VideoConf.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// MongoDB when <c>ConnectionStrings:Mongo</c> is set, else the embedded LiteDB file under <c>Storage:DataPath</c>.
    /// </summary>
    public static IServiceCollection AddVideoConfStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section));
        services.AddSingleton(sp => new DataFolder(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>(), sp.GetRequiredService<IHostEnvironment>()));

        var mongo = configuration.GetConnectionString("Mongo");
        if (!string.IsNullOrWhiteSpace(mongo))
        {
            services.AddSingleton(_ => new MongoStore(mongo));
            services.AddHostedService<MongoIndexInitializer>();
            services.AddSingleton<ISessionRepository, MongoSessionRepository>();
            services.AddSingleton<IResourceRepository, MongoResourceRepository>();
            services.AddSingleton<IPollRepository, MongoPollRepository>();
            services.AddSingleton<IMessageRepository, MongoMessageRepository>();
            services.AddSingleton<IFileStore, GridFsFileStore>();
            services.AddSingleton<IHealthProbe, MongoHealthProbe>();
        }
        else
        {
            services.AddSingleton(sp => new LiteStore(sp.GetRequiredService<DataFolder>()));
            services.AddSingleton<ISessionRepository, LiteSessionRepository>();
            services.AddSingleton<IResourceRepository, LiteResourceRepository>();
            services.AddSingleton<IPollRepository, LitePollRepository>();
            services.AddSingleton<IMessageRepository, LiteMessageRepository>();
            services.AddSingleton<IFileStore, DiskFileStore>();
            services.AddSingleton<IHealthProbe, LiteHealthProbe>();
        }

        return services;
    }
}
