using Microsoft.AspNetCore.Mvc;
using VideoConf.Application;
using VideoConf.Domain;
using VideoConf.Realtime;
using VideoConf.Storage.Contract;

namespace VideoConf.Controllers;

[Route("api/sessions/{sessionId}/resources")]
internal sealed class ResourcesController(
    IResourceRepository resources,
    IFileStore files,
    SessionAccess access,
    UploadPolicy policy,
    SessionBroadcaster broadcaster,
    ILogger<ResourcesController> logger) : VideoConfController
{
    [HttpGet]
    public async Task<ActionResult<IReadOnlyList<Resource>>> List(string sessionId, CancellationToken ct)
    {
        await access.RequireMemberAsync(sessionId, CurrentUser, ct);
        return Ok(await resources.ListAsync(sessionId, ct));
    }

    /// <summary>
    /// <c>multipart/form-data</c> with the file in field <c>file</c>. The form is read by hand (no model binding),
    /// after the caller is known to be allowed, so the size limit and the allow-list answer with our 413/415.
    /// </summary>
    [HttpPost]
    [DisableFormValueModelBinding]
    public async Task<ActionResult<Resource>> Upload(string sessionId, CancellationToken ct)
    {
        var user = CurrentUser;
        await access.RequireActiveCoachAsync(sessionId, user, ct);

        var file = await UploadReader.ReadFileAsync(Request, policy, ct);
        var name = FileNames.Sanitize(file.FileName);
        var contentType = policy.AcceptedContentType(file.ContentType, name)
            ?? throw ApiProblemException.UnsupportedMediaType($"Files of type '{file.ContentType}' are not accepted.");

        string key;
        await using (var content = file.OpenReadStream())
        {
            key = await files.SaveAsync(content, name, ct);
        }

        var resource = new Resource
        {
            Id = Ids.New(),
            SessionId = sessionId,
            Name = name,
            Size = file.Length,
            ContentType = contentType,
            UploadedBy = user.Id,
            CreatedAt = Clock.UtcNow(),
            StorageKey = key,
        };
        try
        {
            await resources.AddAsync(resource, ct);
        }
        catch
        {
            await files.DeleteAsync(key, CancellationToken.None);
            throw;
        }

        await broadcaster.EmitAsync(sessionId, VideoEvents.ResourceUploaded, resource, resource.Id);
        return Created(resource.Url, resource);
    }

    [HttpGet("{resourceId}/download")]
    public async Task<IActionResult> Download(string sessionId, string resourceId, CancellationToken ct)
    {
        await access.RequireMemberAsync(sessionId, CurrentUser, ct);
        var resource = await resources.GetAsync(sessionId, resourceId, ct)
            ?? throw ApiProblemException.NotFound($"Resource '{resourceId}' does not exist in this session.");
        var content = await files.OpenReadAsync(resource.StorageKey, ct)
            ?? throw ApiProblemException.NotFound($"The file of resource '{resourceId}' is missing.");

        // Always an attachment, never sniffed: an uploaded file must not render as a page of this origin.
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(content, resource.ContentType, resource.Name);
    }

    [HttpDelete("{resourceId}")]
    public async Task<IActionResult> Delete(string sessionId, string resourceId, CancellationToken ct)
    {
        await access.RequireActiveCoachAsync(sessionId, CurrentUser, ct);
        var removed = await resources.DeleteAsync(sessionId, resourceId, ct)
            ?? throw ApiProblemException.NotFound($"Resource '{resourceId}' does not exist in this session.");

        try
        {
            await files.DeleteAsync(removed.StorageKey, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The resource is gone for everyone already; an orphaned file is only wasted space.
            logger.LogWarning(ex, "Could not delete the file of resource {ResourceId}", removed.Id);
        }

        await broadcaster.EmitAsync(sessionId, VideoEvents.ResourceDeleted, new DeletedItem(removed.Id, sessionId), removed.Id);
        return NoContent();
    }
}
