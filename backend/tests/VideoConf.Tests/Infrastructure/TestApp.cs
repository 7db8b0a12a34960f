using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace VideoConf.Tests.Infrastructure;

/// <summary>
/// The real app on a real Kestrel port (127.0.0.1:0) with its own data folder and the embedded store. Disposing
/// stops it; starting another on the same <see cref="DataPath"/> is a restart.
/// </summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app, string dataPath, CapturingSink logs)
    {
        _app = app;
        DataPath = dataPath;
        Logs = logs;
        BaseAddress = new Uri(app.Urls.First(u => u.StartsWith("http://", StringComparison.Ordinal)));
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public string DataPath { get; }

    public CapturingSink Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestApp> StartAsync(string dataPath, IDictionary<string, string?>? settings = null)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--Storage:DataPath={dataPath}",
            // Beats a ConnectionStrings__Mongo from the environment: these tests are about the app, on the embedded store.
            "--ConnectionStrings:Mongo=",
            $"--Frontend:DistPath={Path.Combine(dataPath, "no-client")}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) args.Add($"--{key}={value}");

        var logs = new CapturingSink();
        var app = VideoConfApp.Build([.. args], builder => builder.Services.AddSingleton<ILogEventSink>(logs));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestApp(app, dataPath, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
