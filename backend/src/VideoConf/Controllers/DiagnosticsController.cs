using System.Diagnostics;
using System.Runtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VideoConf.Application;

namespace VideoConf.Controllers;

/// <summary>
/// <c>GET /api/diagnostics/memory</c> for the soak tool's leak check: a full blocking, compacting GC, then
/// <c>{managedBytes, rssBytes, gcCount, ...}</c>. Off unless <c>Diagnostics:Enabled=true</c> (404), and only for a
/// caller on this machine talking to the app directly (403 otherwise, also through a proxy on the same machine):
/// a forced compacting GC stalls the whole process, so nobody outside may trigger it.
/// </summary>
[ApiController]
[AllowAnonymous]
[Route("api/diagnostics")]
internal sealed class DiagnosticsController(IConfiguration configuration) : ControllerBase
{
    private static readonly SemaphoreSlim s_oneAtATime = new(1, 1);

    // A request relayed by a proxy carries one of these; the proxy's own loopback address then says nothing.
    private static readonly string[] s_proxyHeaders = ["X-Forwarded-For", "X-Original-For", "Forwarded", "X-Real-IP"];

    [HttpGet("memory")]
    public async Task<IActionResult> Memory(CancellationToken ct)
    {
        // Disabled: the same 404 as any unknown route, so it does not even show that it exists.
        if (!configuration.GetValue("Diagnostics:Enabled", false)) return NotFound();
        var remote = HttpContext.Connection.RemoteIpAddress;
        if (remote is null || !System.Net.IPAddress.IsLoopback(remote) || s_proxyHeaders.Any(h => Request.Headers.ContainsKey(h)))
            throw ApiProblemException.Forbidden("Diagnostics are only available from this machine.");

        await s_oneAtATime.WaitAsync(ct);
        try
        {
            var watch = Stopwatch.StartNew();
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            watch.Stop();

            using var process = Process.GetCurrentProcess();
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            Response.Headers.CacheControl = "no-store";
            return Ok(new
            {
                managedBytes = GC.GetTotalMemory(forceFullCollection: false),
                rssBytes = process.WorkingSet64,
                gcCount = GC.CollectionCount(GC.MaxGeneration),
                gen0Count = GC.CollectionCount(0),
                gen1Count = GC.CollectionCount(1),
                heapSizeBytes = info.HeapSizeBytes,
                fragmentedBytes = info.FragmentedBytes,
                committedBytes = info.TotalCommittedBytes,
                threadCount = process.Threads.Count,
                gcPauseMs = watch.Elapsed.TotalMilliseconds,
            });
        }
        finally
        {
            s_oneAtATime.Release();
        }
    }
}
