namespace Tether.SocketIO.Redis;

/// <summary>
/// A cluster-wide operation did not hear back from every server within <see cref="RedisAdapterOptions.RequestsTimeout"/>
/// (or Redis did not accept the request in that time).
/// </summary>
public sealed class RedisRequestTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The operation, as Node names it (<c>fetchSockets</c>, <c>allRooms</c>...).</param>
    /// <param name="namespaceName">The namespace it ran in.</param>
    /// <param name="timeout">How long it waited.</param>
    /// <param name="expectedResponses">How many other servers were expected to answer.</param>
    /// <param name="receivedResponses">How many did.</param>
    public RedisRequestTimeoutException(string operation, string namespaceName, TimeSpan timeout, int expectedResponses, int receivedResponses)
        : base($"Redis adapter: timeout reached while waiting for {operation} responses in namespace '{namespaceName}' " +
               $"after {timeout.TotalSeconds:0.###} s ({receivedResponses} of {expectedResponses} server(s) answered).")
    {
        Operation = operation;
        Namespace = namespaceName;
        ExpectedResponses = expectedResponses;
        ReceivedResponses = receivedResponses;
    }

    /// <summary>The operation that timed out (<c>fetchSockets</c>, <c>allRooms</c>, <c>socketsJoin</c>...).</summary>
    public string Operation { get; }

    /// <summary>The namespace the operation ran in.</summary>
    public string Namespace { get; }

    /// <summary>How many other servers were expected to answer.</summary>
    public int ExpectedResponses { get; }

    /// <summary>How many answered in time.</summary>
    public int ReceivedResponses { get; }
}
