namespace LoadGen.Suite;

/// <summary>A fan-out shape: <c>Rooms</c> rooms of <c>Members</c> clients; a burst emits <c>Burst</c> messages per room.</summary>
internal sealed record FanOutShape(int Rooms, int Members, int Burst)
{
    public string Name => $"{Rooms}x{Members}";
}

/// <summary>
/// The sizes of one suite run. The same profile drives every server: nothing here depends on which server is
/// measured (the fixed rates in particular are fixed numbers, not a share of some server's maximum).
/// </summary>
internal sealed record Profile
{
    public required string Name { get; init; }
    public int Runs { get; init; } = 3;
    public int PadBytes { get; init; } = 64;

    public int WarmupClients { get; init; } = 200;
    public double WarmupSeconds { get; init; } = 2; // per warm-up step

    public int[] ConnectCounts { get; init; } = [1000, 5000];
    public int ConnectConcurrency { get; init; } = 50;

    public int[] MemoryCounts { get; init; } = [5000, 20000];
    public double MemorySettleSeconds { get; init; } = 5;
    // Idle time between the warm-up and the baseline RSS reading. The warm-up leaves background work behind: on .NET
    // the runtime's tier-1 compilation of the warm-up's hot methods, which on a single core starts only after a quiet
    // second and took up to ~8 s here (about 2 MB of code); V8 optimises concurrently too. Read any earlier, that
    // memory lands in the loaded reading and is counted as per-connection memory.
    public double MemoryBaselineSettleSeconds { get; init; } = 10;

    public FanOutShape[] FanOutShapes { get; init; } = [new(1, 1000, 200), new(100, 10, 200)];
    public double FanOutBurstSeconds { get; init; } = 2; // minimum length of the burst phase (whole rounds)
    public int FanOutRate { get; init; } = 10_000; // deliveries per second in the latency phase
    public double FanOutSeconds { get; init; } = 5;

    public int EchoClients { get; init; } = 100;
    public int[] EchoRates { get; init; } = [10_000, 20_000];
    public double EchoSeconds { get; init; } = 5;
    public int EchoWindow { get; init; } = 8; // acks outstanding per client at saturation

    public int PollingClients { get; init; } = 50;
    public int[] PollingRates { get; init; } = [2_000];
    public double PollingSeconds { get; init; } = 5;
    public int PollingWindow { get; init; } = 8;

    public static Profile Full { get; } = new() { Name = "full" };

    /// <summary>Everything at small scale (about 1–2 minutes): proves the suite works, numbers are only indicative.</summary>
    public static Profile Quick { get; } = new()
    {
        Name = "quick",
        WarmupClients = 50,
        WarmupSeconds = 0.3,
        ConnectCounts = [500],
        MemoryCounts = [1000],
        MemorySettleSeconds = 1,
        MemoryBaselineSettleSeconds = 1,
        FanOutShapes = [new(1, 200, 50), new(20, 10, 50)],
        FanOutBurstSeconds = 0.5,
        FanOutRate = 5_000,
        FanOutSeconds = 1,
        EchoClients = 20,
        EchoRates = [5_000],
        EchoSeconds = 1,
        PollingClients = 10,
        PollingRates = [500],
        PollingSeconds = 1,
        PollingWindow = 4,
    };
}
