namespace VideoConf.Storage.Contract;

/// <summary>One dependency's health; <c>/health</c> reports every registered probe under its <see cref="Name"/>.</summary>
internal interface IHealthProbe
{
    /// <summary>The key in the health report, e.g. <c>store</c> (later <c>redis</c>).</summary>
    string Name { get; }

    Task<ProbeResult> CheckAsync(CancellationToken ct);
}

/// <summary>A probe's answer: which implementation is in use and whether it responds.</summary>
internal sealed record ProbeResult(string Kind, bool Ok);
