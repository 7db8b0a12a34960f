// Each class starts its own processes (two apps and a redis-server): on a 2-core machine they run one class at a time.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
