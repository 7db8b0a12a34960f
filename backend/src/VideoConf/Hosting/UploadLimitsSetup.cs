using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using VideoConf.Application;

namespace VideoConf.Hosting;

internal static class UploadLimitsSetup
{
    /// <summary>
    /// Raises (or lowers) Kestrel's body limit and the multipart limit to the upload limit plus framing, so an
    /// upload is never cut off by a framework limit first: the size check in the upload route answers with a
    /// clear 413 problem.
    /// </summary>
    public static IServiceCollection AddVideoConfUploadLimits(this IServiceCollection services)
    {
        services.AddSingleton<UploadPolicy>();
        services.AddOptions<KestrelServerOptions>().Configure<UploadPolicy>((kestrel, policy) =>
            kestrel.Limits.MaxRequestBodySize = policy.MaxRequestBytes);
        services.AddOptions<FormOptions>().Configure<UploadPolicy>((form, policy) =>
            form.MultipartBodyLengthLimit = policy.MaxRequestBytes);
        return services;
    }
}
