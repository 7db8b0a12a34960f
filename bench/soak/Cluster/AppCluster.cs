using System.Security.Cryptography;

namespace Soak.Cluster;

/// <summary>
/// One or more VideoConf processes acting as one: the same data folder (the embedded store in shared mode), the same
/// token signing key, and (with more than one process, or when asked) a private redis-server for the Socket.IO
/// Redis adapter. Disposing kills every process and deletes the folders.
/// </summary>
public sealed class AppCluster : IAsyncDisposable
{
    private readonly string _root;

    private AppCluster(string root, RedisProcess? redis, IReadOnlyList<AppProcess> apps, string signingKey)
    {
        _root = root;
        Redis = redis;
        Apps = apps;
        SigningKey = signingKey;
    }

    public RedisProcess? Redis { get; }

    public IReadOnlyList<AppProcess> Apps { get; }

    public string SigningKey { get; }

    public string DataPath => Path.Combine(_root, "data");

    public AppProcess this[int index] => Apps[index];

    /// <param name="processes">How many app processes (1 or more).</param>
    /// <param name="useRedis">Redis adapter; default: when there is more than one process.</param>
    /// <param name="settings">Extra configuration as environment variables (e.g. <c>SocketIO__Engine__MaxBufferedBytes</c>).</param>
    public static async Task<AppCluster> StartAsync(int processes, bool? useRedis = null, IReadOnlyDictionary<string, string?>? settings = null,
        CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(processes, 1);
        var root = Path.Combine(Path.GetTempPath(), "videoconf-cluster", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "data"));
        Directory.CreateDirectory(Path.Combine(root, "no-client"));
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

        RedisProcess? redis = null;
        var apps = new List<AppProcess>();
        try
        {
            if (useRedis ?? processes > 1) redis = await RedisProcess.StartAsync(ct);
            var environment = new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Storage__DataPath"] = Path.Combine(root, "data"),
                ["Auth__SigningKey"] = signingKey,
                ["Frontend__DistPath"] = Path.Combine(root, "no-client"),
                ["ConnectionStrings__Mongo"] = "",
                ["ConnectionStrings__Redis"] = redis?.ConnectionString,
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) environment[key] = value;

            // Started together (each waits for its own /health); they race for nothing: the key is configured.
            var dll = AppProcess.LocateDll();
            var starting = Enumerable.Range(0, processes)
                .Select(i => AppProcess.StartAsync(((char)('A' + i)).ToString(), environment, dll, ct: ct))
                .ToList();
            try
            {
                apps.AddRange(await Task.WhenAll(starting));
            }
            catch
            {
                foreach (var task in starting)
                    if (task.IsCompletedSuccessfully) await task.Result.DisposeAsync();
                throw;
            }
            return new AppCluster(root, redis, apps, signingKey);
        }
        catch
        {
            foreach (var app in apps) await app.DisposeAsync();
            if (redis is not null) await redis.DisposeAsync();
            TryDelete(root);
            throw;
        }
    }

    /// <summary>Waits until every running process reports Redis connected on <c>/health</c>.</summary>
    public Task WaitForRedisHealthyAsync(TimeSpan timeout, CancellationToken ct = default) =>
        Wait.UntilAsync(async () =>
        {
            foreach (var app in Apps.Where(a => a.IsRunning))
                if (!await app.RedisHealthyAsync(ct)) return false;
            return true;
        }, "every process to report redis ok on /health", timeout, ct, TimeSpan.FromMilliseconds(200));

    /// <summary>The last log lines of every process (for failure messages).</summary>
    public string Logs() => string.Join("\n", Apps.Select(a => $"----- {a.Name} ({a.BaseAddress}, pid {a.Pid}) -----\n{a.Output}"))
        + (Redis is null ? "" : $"\n----- redis -----\n{Redis.Output}");

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Apps) await app.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
        TryDelete(_root);
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
