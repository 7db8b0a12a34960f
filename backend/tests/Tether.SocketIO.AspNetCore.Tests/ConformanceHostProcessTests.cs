using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ConformanceHost;
using Tether.SocketIO.AspNetCore.Tests.Infrastructure;

namespace Tether.SocketIO.AspNetCore.Tests;

/// <summary>
/// The ConformanceHost program itself, started the way the protocol test suites' CI starts it (<c>--urls</c>), in
/// its own process: both endpoints answer with the conformance settings.
/// </summary>
public sealed partial class ConformanceHostProcessTests
{
    [Fact]
    public async Task Program_serves_both_endpoints_on_the_given_url()
    {
        var dll = Path.Combine(Path.GetDirectoryName(typeof(ConformanceApp).Assembly.Location)!, "ConformanceHost.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--urls", "http://127.0.0.1:0" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            var url = await ListeningUrlAsync(process);

            await using (var engine = await RawWebSocket.ConnectAsync(url, ConformanceApp.EnginePath))
            {
                var handshake = JsonNode.Parse((await engine.ReceiveTextAsync())[1..])!;
                Assert.Equal(300, handshake["pingInterval"]!.GetValue<int>());
                Assert.Equal(200, handshake["pingTimeout"]!.GetValue<int>());
                await engine.SendTextAsync("4echo");
                Assert.Equal("4echo", await engine.ReceiveTextAsync());
            }

            await using var io = await RawWebSocket.ConnectToMainNamespaceAsync(url);
            await io.SendTextAsync("42[\"message\",1,\"2\",{\"3\":[true]}]");
            Assert.Equal("42[\"message-back\",1,\"2\",{\"3\":[true]}]", await io.ReceiveTextAsync());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    // Kestrel's startup log line is the only place a port-0 process tells its port.
    private static async Task<string> ListeningUrlAsync(Process process)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
        {
            seen.Add(line);
            if (ListeningLine().Match(line) is { Success: true } match) return match.Groups[1].Value;
        }
        throw new InvalidOperationException($"ConformanceHost exited without listening:\n{string.Join('\n', seen)}\n{await process.StandardError.ReadToEndAsync()}");
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
