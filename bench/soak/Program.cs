using System.Globalization;
using Soak.Scenario;

// The soak tool: see README.md. Exit code 0 when every check passed, 1 on any violation, 2 on bad arguments.
var options = new SoakOptions();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
        double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
        switch (args[i])
        {
            case "--sessions": options.Sessions = (int)Number(); break;
            case "--participants": options.Participants = (int)Number(); break;
            case "--minutes": options.Duration = TimeSpan.FromMinutes(Number()); break;
            case "--seconds": options.Duration = TimeSpan.FromSeconds(Number()); break;
            case "--processes": options.Processes = (int)Number(); break;
            case "--seed": options.Seed = (int)Number(); break;
            case "--url": options.Urls.Add(new Uri(Next())); break;
            case "--pid": options.Pids.Add((int)Number()); break;
            case "--min-pause-ms": options.MinPause = TimeSpan.FromMilliseconds(Number()); break;
            case "--max-pause-ms": options.MaxPause = TimeSpan.FromMilliseconds(Number()); break;
            case "--settle-seconds": options.Settle = TimeSpan.FromSeconds(Number()); break;
            case "--rss-slack-mb": options.RssSlackBytes = (long)(Number() * 1024 * 1024); break;
            case "--rss-factor": options.RssToleranceFactor = Number(); break;
            case "--managed-slack-mb": options.ManagedSlackBytes = (long)(Number() * 1024 * 1024); break;
            case "--managed-factor": options.ManagedToleranceFactor = Number(); break;
            case "--strict-seq-order": options.StrictSeqOrder = true; break;
            case "--server-log": options.ServerSettings.Clear(); break;
            case "-h" or "--help":
                Console.WriteLine("""
                    Soak test for the VideoConf app (see bench/soak/README.md).
                      --sessions N         sessions (default 3, at most 200)
                      --participants N     members per session, the coach included (default 4, 2..50)
                      --minutes M          traffic duration (or --seconds S; default 20 s, at most 240 min)
                      --processes 1|2      start one process, or two on a private redis-server (default 1)
                      --seed N             random seed (default 1)
                      --url U [--url U2]   drive running servers instead (managed memory from /api/diagnostics/memory when
                                           they run with Diagnostics__Enabled=true; --pid P per url for RSS)
                      --min-pause-ms/--max-pause-ms  pause between one member's actions (default 150..600)
                      --settle-seconds S   idle time before the final memory reading (default 10)
                      --managed-slack-mb M / --managed-factor F  leak check on the managed heap after a forced GC
                                           (GET /api/diagnostics/memory): settled <= start*(1+F) + M (default 0.2, 16)
                      --rss-slack-mb M / --rss-factor F  secondary, loose RSS check: settled <= start*(1+F) + M (default 0.5, 128);
                                           the only one when given servers answer 404 to /api/diagnostics/memory
                      --strict-seq-order   also fail when chat messages arrive out of global seq order
                      --server-log         keep the servers' normal (Information) logging
                    """);
                return 0;
            default: throw new ArgumentException($"Unknown argument {args[i]} (try --help).");
        }
    }
    options.Validate();
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
// A hard stop well past the planned end, so a wedged run cannot go on for ever.
cancel.CancelAfter(options.Duration + TimeSpan.FromMinutes(5) + options.Settle);
try
{
    var result = await SoakRunner.RunAsync(options, cancel.Token);
    return result.Passed ? 0 : 1;
}
catch (Exception ex)
{
    Console.Error.WriteLine("soak aborted: " + ex);
    return 1;
}
