using System.ComponentModel.DataAnnotations;

namespace VideoConf.Controllers.Models;

internal sealed record VoteRequest([Required] int? OptionIndex);
