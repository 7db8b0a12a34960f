using LoadGen.Suite;

// The bench runner and load generator (see bench/README.md).
//   LoadGen suite [--quick] [--runs N] [--servers a,b] [--scenarios a,b] [--server-cpus 0] [--out DIR]
//   LoadGen compare OLD.json NEW.json
// bench/run.sh builds everything and starts this pinned to the generator core.
try
{
    switch (args.FirstOrDefault())
    {
        case "suite":
            return await RunSuiteAsync(SuiteOptions.Parse(args[1..]));
        case "compare" when args.Length == 3:
            Console.Write(Compare.Render(args[1], args[2]));
            return 0;
        default:
            Console.Error.WriteLine("usage: LoadGen suite [--quick] [--runs N] [--servers tether,node,kestrel-ws,node-ws]");
            Console.Error.WriteLine("                     [--scenarios connect,memory,fanout,echo,polling] [--server-cpus 0] [--out DIR]");
            Console.Error.WriteLine("       LoadGen compare OLD.json NEW.json");
            return 2;
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

static async Task<int> RunSuiteAsync(SuiteOptions options)
{
    if (Environment.ProcessorCount > 1)
        Console.WriteLine($"warning: the generator sees {Environment.ProcessorCount} CPUs; run it pinned (taskset -c 1) so it cannot share the server's core");
    Console.WriteLine($"profile {options.Profile.Name}, {options.Profile.Runs} runs per case, servers on CPU {options.ServerCpus}, results in {options.OutputDirectory}");
    var started = DateTime.UtcNow;
    var results = await new SuiteRunner(options, Console.Out).RunAsync();
    var path = ResultsJson.Write(results, options.OutputDirectory);
    Console.WriteLine();
    Console.Write(Table.Render(results));
    Console.WriteLine();
    Console.WriteLine($"results: {path}  ({(DateTime.UtcNow - started).TotalSeconds:0} s)");
    return 0;
}
