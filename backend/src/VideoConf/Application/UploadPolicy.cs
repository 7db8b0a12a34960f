using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;
using VideoConf.Storage.Contract;

namespace VideoConf.Application;

/// <summary>What uploads are accepted: the size limit and the content-type allow-list from <c>Storage</c> settings.</summary>
internal sealed class UploadPolicy(IOptions<StorageOptions> options)
{
    /// <summary>Room for the multipart framing around the file, so a file just under the limit still fits the request limit.</summary>
    public const long MultipartOverheadBytes = 1024 * 1024;

    private static readonly FileExtensionContentTypeProvider Extensions = new();

    private readonly HashSet<string> _allowed = new(options.Value.EffectiveAllowedContentTypes, StringComparer.OrdinalIgnoreCase);

    public long MaxFileBytes => options.Value.MaxUploadBytes;

    /// <summary>The largest request body an upload may have; Kestrel and form limits are raised to exactly this.</summary>
    public long MaxRequestBytes => MaxFileBytes + MultipartOverheadBytes;

    /// <summary>
    /// The content type to store: the declared one without parameters, or, when the browser only said
    /// <c>application/octet-stream</c> (unknown to it), the one the file extension implies. Null when not allowed.
    /// </summary>
    public string? AcceptedContentType(string? declared, string fileName)
    {
        var type = (declared ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (type is "" or "application/octet-stream" && Extensions.TryGetContentType(fileName, out var byExtension))
            type = byExtension;
        return _allowed.Contains(type) ? type : null;
    }
}
