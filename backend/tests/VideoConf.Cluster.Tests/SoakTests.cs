using Soak.Scenario;

namespace VideoConf.Cluster.Tests;

/// <summary>The short soak of CI: realistic traffic for 20 s, then exactly-once, order and memory checks.</summary>
public sealed class SoakTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_short_soak_delivers_every_event_exactly_once_in_order(int processes)
    {
        var log = new StringWriter();
        var options = new SoakOptions
        {
            Sessions = 3,
            Participants = 4,
            Duration = TimeSpan.FromSeconds(20),
            Processes = processes,
            Seed = 42 + processes,
            Settle = TimeSpan.FromSeconds(5),
            Log = TextWriter.Synchronized(log),
        };

        var result = await SoakRunner.RunAsync(options, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine(log.ToString());
        Assert.True(result.Passed, string.Join("\n", result.Violations) + "\n" + log);
        Assert.True(result.ActionsDone > 100, $"only {result.ActionsDone} actions ran");
    }
}
