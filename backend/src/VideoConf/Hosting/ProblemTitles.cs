namespace VideoConf.Hosting;

/// <summary>One title per status, whoever produced the problem (our code, model validation, auth, routing).</summary>
internal static class ProblemTitles
{
    public static string? For(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        409 => "Conflict",
        413 => "Payload too large",
        415 => "Unsupported media type",
        500 => "Server error",
        503 => "Service unavailable",
        _ => null,
    };

    /// <summary>A detail for problems the framework raises without one (a challenge, a forbid, an unknown route).</summary>
    public static string? DefaultDetail(int status) => status switch
    {
        401 => "A valid bearer token is required.",
        403 => "You are not allowed to do this.",
        404 => "There is nothing at this address.",
        405 => "This address does not accept this method.",
        500 => "The server could not handle the request.",
        _ => null,
    };
}
