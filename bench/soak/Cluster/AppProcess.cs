using System.Net;
using System.Reflection;
using System.Text.Json;

namespace Soak.Cluster;

/// <summary>
/// One real VideoConf server: <c>dotnet VideoConf.dll</c> from the build output, on its own loopback port, configured
/// only through environment variables as in production.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly IReadOnlyDictionary<string, string?> _environment;
    private ChildProcess? _process;

    private AppProcess(string name, string dll, int port, IReadOnlyDictionary<string, string?> environment)
    {
        Name = name;
        Dll = dll;
        Port = port;
        _environment = environment;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public string Name { get; }

    public string Dll { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int Pid => _process?.Pid ?? 0;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines of the server's log.</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>Every log line, as it is written (for tests that wait on one).</summary>
    public event Action<string>? LogLine;

    /// <summary>
    /// The VideoConf.dll to run: <c>VIDEOCONF_DLL</c> when set, else the build output this assembly was built against
    /// (<c>backend/src/VideoConf/bin/&lt;Configuration&gt;/net10.0</c>), else the other configuration's.
    /// </summary>
    public static string LocateDll()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("VIDEOCONF_DLL");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return File.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : throw new FileNotFoundException($"VIDEOCONF_DLL={fromEnvironment} does not exist.");

        var built = typeof(AppProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "VideoConfDll")?.Value;
        var candidates = new List<string>();
        if (built is not null)
        {
            candidates.Add(built);
            foreach (var (from, to) in new[] { ("/Debug/", "/Release/"), ("/Release/", "/Debug/") })
                if (built.Contains(from, StringComparison.Ordinal)) candidates.Add(built.Replace(from, to, StringComparison.Ordinal));
        }
        return candidates.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            "VideoConf.dll was not found (looked at " + string.Join(", ", candidates) + "). Build the solution first " +
            "(cd backend && SkipFrontendBuild=true dotnet build Tether.slnx) or set VIDEOCONF_DLL.");
    }

    /// <summary>Starts the process and waits until <c>/health</c> answers 200.</summary>
    public static async Task<AppProcess> StartAsync(string name, IReadOnlyDictionary<string, string?> environment, string? dll = null,
        TimeSpan? startTimeout = null, CancellationToken ct = default)
    {
        var app = new AppProcess(name, dll ?? LocateDll(), ChildProcess.FreePort(), environment);
        await app.StartAgainAsync(startTimeout, ct);
        return app;
    }

    /// <summary>(Re)starts the process on the same port with the same settings.</summary>
    public async Task StartAgainAsync(TimeSpan? startTimeout = null, CancellationToken ct = default)
    {
        if (IsRunning) return;
        _process?.Dispose();
        var env = new Dictionary<string, string?>(_environment)
        {
            ["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/'),
            ["DOTNET_NOLOGO"] = "1",
        };
        _process = ChildProcess.Start(Name, "dotnet", [Dll], env, Path.GetDirectoryName(Dll), line => LogLine?.Invoke(line));
        var process = _process;
        try
        {
            await Wait.UntilAsync(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting:\n{process.Output}");
                return (await HealthAsync(ct)).Status == HttpStatusCode.OK;
            }, $"{Name} ({BaseAddress}) to answer /health with 200", startTimeout ?? TimeSpan.FromSeconds(90), ct, TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(ex.Message + " Its output:\n" + process.Output, ex);
        }
    }

    /// <summary><c>GET /health</c>: the status code and body (<c>{status, store: {kind, ok}, redis?: {kind, ok}}</c>).</summary>
    public async Task<(HttpStatusCode? Status, JsonElement Body)> HealthAsync(CancellationToken ct = default)
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri(BaseAddress, "/health"), ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            var body = text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
            return (response.StatusCode, body);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (null, default);
        }
    }

    /// <summary>Whether <c>/health</c> reports the Redis adapter connected.</summary>
    public async Task<bool> RedisHealthyAsync(CancellationToken ct = default)
    {
        var (status, body) = await HealthAsync(ct);
        return status == HttpStatusCode.OK
            && body.ValueKind == JsonValueKind.Object
            && body.TryGetProperty("redis", out var redis)
            && redis.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True;
    }

    /// <summary>Resident set size in bytes (Linux /proc).</summary>
    public long? ResidentBytes() => _process?.ResidentBytes();

    /// <summary>kill -9: the process dies mid-session without closing anything.</summary>
    public async Task KillAsync()
    {
        if (_process is not null) await _process.KillAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null) return;
        await _process.KillAsync();
        _process.Dispose();
        _process = null;
    }
}
