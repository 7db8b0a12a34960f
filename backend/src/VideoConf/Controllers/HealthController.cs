using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VideoConf.Storage.Contract;

namespace VideoConf.Controllers;

/// <summary>
/// <c>GET /health</c>: <c>{status, store: {kind, ok}}</c>, one entry per registered probe (a Redis probe adds
/// <c>redis</c> later). 503 when any dependency is down, so a load balancer can act on it.
/// </summary>
[ApiController]
[AllowAnonymous]
[Route("health")]
internal sealed class HealthController(IEnumerable<IHealthProbe> probes) : ControllerBase
{
    [HttpGet]
    public async Task<IActionResult> Get(CancellationToken ct)
    {
        var results = new List<(string Name, ProbeResult Result)>();
        foreach (var probe in probes) results.Add((probe.Name, await probe.CheckAsync(ct)));
        var healthy = results.All(r => r.Result.Ok);

        var report = new Dictionary<string, object> { ["status"] = healthy ? "ok" : "unhealthy" };
        foreach (var (name, result) in results) report[name] = new { kind = result.Kind, ok = result.Ok };
        return StatusCode(healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, report);
    }
}
