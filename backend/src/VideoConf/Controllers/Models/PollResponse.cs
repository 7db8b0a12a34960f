using VideoConf.Domain;

namespace VideoConf.Controllers.Models;

/// <summary><c>{poll}</c>: the seed client reads <c>response.data.poll._id</c>.</summary>
internal sealed record PollResponse(Poll Poll);
