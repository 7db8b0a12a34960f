using Microsoft.AspNetCore.Http.Features;
using VideoConf.Application;

namespace VideoConf.Controllers;

/// <summary>Reads the uploaded file from a multipart request, mapping every size problem to 413 and bad framing to 400/415.</summary>
internal static class UploadReader
{
    public const string FieldName = "file";

    public static async Task<IFormFile> ReadFileAsync(HttpRequest request, UploadPolicy policy, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw ApiProblemException.UnsupportedMediaType($"Send the file as multipart/form-data in the field '{FieldName}'.");
        if (request.ContentLength > policy.MaxRequestBytes)
        {
            // Refused unread. Lifting the limit lets Kestrel drain (and discard) the body after our answer, which
            // it does for a few seconds at most, instead of resetting the connection before the client has read
            // the 413.
            var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (limit is { IsReadOnly: false }) limit.MaxRequestBodySize = null;
            throw TooLarge(policy);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(policy);
        }
        catch (InvalidDataException ex) when (ex.Message.StartsWith("Multipart body length limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge(policy);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            // A section header (e.g. a file name) or a line longer than the form reader allows: the file itself may
            // be small, so "too large" would send the user looking in the wrong place.
            throw ApiProblemException.BadRequest("The multipart headers are too long (is the file name very long?).");
        }
        catch (InvalidDataException)
        {
            throw ApiProblemException.BadRequest("The multipart body is malformed.");
        }

        var file = form.Files.GetFile(FieldName) ?? throw ApiProblemException.BadRequest($"The form has no file in the field '{FieldName}'.");
        if (file.Length == 0) throw ApiProblemException.BadRequest("The file is empty.");
        if (file.Length > policy.MaxFileBytes) throw TooLarge(policy);
        return file;
    }

    private static ApiProblemException TooLarge(UploadPolicy policy) =>
        ApiProblemException.TooLarge($"Files may be at most {Describe(policy.MaxFileBytes)}.");

    private static string Describe(long bytes) =>
        bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes} bytes";
}
