namespace VideoConf.Application;

/// <summary>
/// A request that cannot be served, with the HTTP status and a detail meant for the client. REST turns it into
/// problem details; the socket handlers turn it into an error ack.
/// </summary>
internal sealed class ApiProblemException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public static ApiProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);
    public static ApiProblemException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, detail);
    public static ApiProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);
    public static ApiProblemException Conflict(string detail) => new(StatusCodes.Status409Conflict, detail);
    public static ApiProblemException TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, detail);
    public static ApiProblemException UnsupportedMediaType(string detail) => new(StatusCodes.Status415UnsupportedMediaType, detail);
}
