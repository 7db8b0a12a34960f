using LoadGen.Suite;

namespace LoadGen.Scenarios;

/// <summary>What a scenario run needs: the server under test, the sizes, and an HTTP client for /bench requests.</summary>
internal sealed class RunContext
{
    public required ServerProcess Server { get; init; }
    public required Profile Profile { get; init; }
    public required HttpClient Http { get; init; }
    public string Namespace { get; init; } = "/video";

    /// <summary>The padding string carried in every payload (a typical small event is ~100–150 bytes).</summary>
    public string Pad => field ??= new string('x', Profile.PadBytes);

    public bool Raw => Server.Spec.Kind == ServerKind.RawEcho;
    public int ServerPid => Server.Pid;
}
