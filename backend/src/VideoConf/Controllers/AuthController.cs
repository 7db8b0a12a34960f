using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using VideoConf.Application;
using VideoConf.Auth;
using VideoConf.Controllers.Models;
using VideoConf.Domain;

namespace VideoConf.Controllers;

/// <summary>The development identity provider: anyone may sign in under any name as coach or participant.</summary>
[Route("api/auth")]
internal sealed class AuthController(TokenIssuer issuer, IOptions<AuthOptions> options, ILogger<AuthController> logger) : VideoConfController
{
    /// <summary>A new user id on every login: a development identity is not an account.</summary>
    [HttpPost("login")]
    [AllowAnonymous]
    public ActionResult<LoginResponse> Login(LoginRequest request)
    {
        if (!options.Value.DevelopmentLogin)
            throw ApiProblemException.NotFound("Development sign-in is turned off; use the configured identity provider.");

        var user = new UserIdentity(Ids.New(), request.Name!.Trim(), request.Role!);
        logger.LogInformation("Signed in user {UserId} as {Role}", user.Id, user.Role);
        return new LoginResponse(issuer.Issue(user), new LoginUser(user.Id, user.Name, user.Role));
    }
}
