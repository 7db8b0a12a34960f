using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VideoConf.Application;
using VideoConf.Auth;
using VideoConf.Domain;

namespace VideoConf.Controllers;

/// <summary>Common ground of the API controllers: signed-in callers only, JSON in and out.</summary>
[ApiController]
[Authorize]
internal abstract class VideoConfController : ControllerBase
{
    /// <summary>The caller according to the validated token.</summary>
    protected UserIdentity CurrentUser =>
        User.ToUserIdentity() ?? throw new ApiProblemException(StatusCodes.Status401Unauthorized, "The token does not name a user (no 'sub' claim).");
}
