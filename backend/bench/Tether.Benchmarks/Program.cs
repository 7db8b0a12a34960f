using BenchmarkDotNet.Running;

// dotnet run -c Release --project backend/bench/Tether.Benchmarks -- --filter '*'
// (--job short for a quick look; every benchmark class has MemoryDiagnoser on.)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
