namespace Tether.SocketIO;

/// <summary>
/// A per-socket limit of <see cref="SocketIOOptions"/> refused an operation (too many rooms, too many awaited
/// acknowledgements). Derives from <see cref="InvalidOperationException"/>, which these operations threw before.
/// </summary>
public sealed class SocketIOLimitExceededException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limitName">The option that was exceeded, e.g. <c>MaxRoomsPerSocket</c>.</param>
    /// <param name="limit">Its value.</param>
    /// <param name="message">What was refused.</param>
    public SocketIOLimitExceededException(string limitName, int limit, string message) : base(message)
    {
        LimitName = limitName;
        Limit = limit;
    }

    /// <summary>The <see cref="SocketIOOptions"/> property that was exceeded.</summary>
    public string LimitName { get; }

    /// <summary>The configured value of that limit.</summary>
    public int Limit { get; }
}
