using System.ComponentModel.DataAnnotations;

namespace VideoConf.Controllers.Models;

internal sealed record CreatePollRequest(
    [StringLength(30, MinimumLength = 1)] string? Type,
    [Required, StringLength(500, MinimumLength = 1)] string? Question,
    [Required, MinLength(2), MaxLength(20)] List<string>? Options) : IValidatableObject
{
    public const int MaxOptionLength = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Options is null) yield break;
        for (var i = 0; i < Options.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Options[i]) || Options[i].Length > MaxOptionLength)
                yield return new ValidationResult($"Each option must be 1 to {MaxOptionLength} characters.", [$"Options[{i}]"]);
        }
    }
}
