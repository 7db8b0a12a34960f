using System.ComponentModel.DataAnnotations;

namespace VideoConf.Controllers.Models;

internal sealed record LoginRequest(
    [Required, StringLength(100, MinimumLength = 1)] string? Name,
    [Required, RegularExpression("^(coach|participant)$", ErrorMessage = "role must be 'coach' or 'participant'.")] string? Role);
