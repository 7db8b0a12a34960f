using System.ComponentModel.DataAnnotations;
using VideoConf.Application;

namespace VideoConf.Controllers.Models;

internal sealed record SendMessageRequest(
    [Required, StringLength(ChatService.MaxTextLength, MinimumLength = 1)] string? Text,
    [StringLength(ChatService.MaxClientIdLength, MinimumLength = 1)] string? ClientId);
