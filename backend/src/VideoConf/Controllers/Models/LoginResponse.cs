using System.Text.Json.Serialization;

namespace VideoConf.Controllers.Models;

internal sealed record LoginResponse(string Token, LoginUser User);

internal sealed record LoginUser([property: JsonPropertyName("_id")] string Id, string Name, string Role);
