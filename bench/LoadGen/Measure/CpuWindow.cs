namespace LoadGen.Measure;

/// <summary>
/// Wall time plus the CPU the server and the generator itself spent over one measured phase. The generator's own
/// share tells whether it, rather than the server, was the limit (near 100 % of its one core).
/// </summary>
internal sealed class CpuWindow
{
    private readonly int _serverPid;
    private readonly long _t0;
    private readonly double _server0, _self0;

    private CpuWindow(int serverPid)
    {
        _serverPid = serverPid;
        _server0 = ProcStats.CpuMicros(serverPid);
        _self0 = ProcStats.CpuMicros(Environment.ProcessId);
        _t0 = Clock.NowUs();
    }

    public static CpuWindow Start(int serverPid) => new(serverPid);

    public CpuSpent Stop()
    {
        var t1 = Clock.NowUs();
        return new CpuSpent(
            WallUs: Math.Max(1, t1 - _t0),
            ServerUs: ProcStats.CpuMicros(_serverPid) - _server0,
            GeneratorUs: ProcStats.CpuMicros(Environment.ProcessId) - _self0);
    }
}

internal readonly record struct CpuSpent(long WallUs, double ServerUs, double GeneratorUs)
{
    public double WallSeconds => WallUs / 1e6;
    public double ServerPercent => 100.0 * ServerUs / WallUs;
    public double GeneratorPercent => 100.0 * GeneratorUs / WallUs;
}
