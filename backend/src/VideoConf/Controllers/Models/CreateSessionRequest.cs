using System.ComponentModel.DataAnnotations;

namespace VideoConf.Controllers.Models;

internal sealed record CreateSessionRequest([Required, StringLength(200, MinimumLength = 1)] string? Title);
