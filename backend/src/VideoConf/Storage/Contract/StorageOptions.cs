namespace VideoConf.Storage.Contract;

/// <summary>The <c>Storage</c> configuration section.</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for the embedded database, uploads and the development signing key; relative to the content root.</summary>
    public string DataPath { get; set; } = "./data";

    /// <summary>Largest accepted upload in bytes (default 25 MB).</summary>
    public long MaxUploadBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>
    /// Accepted upload content types; unset means <see cref="DefaultAllowedContentTypes"/>. An array left null by
    /// default because the configuration binder appends to, rather than replaces, a pre-filled list.
    /// </summary>
    public string[]? AllowedContentTypes { get; set; }

    public IReadOnlyCollection<string> EffectiveAllowedContentTypes =>
        AllowedContentTypes is { Length: > 0 } configured ? configured : DefaultAllowedContentTypes;

    /// <summary>
    /// Common documents, images, text, PDF, archives and video. SVG and HTML are left out on purpose: a browser
    /// would run their scripts if a download were ever opened inline.
    /// </summary>
    public static readonly string[] DefaultAllowedContentTypes =
    [
        "application/pdf",
        "text/plain", "text/csv", "text/markdown",
        "image/png", "image/jpeg", "image/gif", "image/webp",
        "application/zip", "application/x-zip-compressed",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/rtf",
        "video/mp4", "video/webm", "video/quicktime",
    ];
}
