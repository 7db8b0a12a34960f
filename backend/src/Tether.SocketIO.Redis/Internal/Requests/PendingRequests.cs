using System.Collections.Concurrent;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis.Internal.Requests;

/// <summary>The requests of one adapter awaiting responses, by request id.</summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<string, PendingRequest> _requests = new(StringComparer.Ordinal);

    public int Count => _requests.Count;

    public bool Contains(string requestId) => _requests.ContainsKey(requestId);

    public void Add(string requestId, PendingRequest request) => _requests[requestId] = request;

    public void Remove(string requestId) => _requests.TryRemove(requestId, out _);

    /// <summary>Routes a response to its request; false when nobody here waits for it (another server's request).</summary>
    public bool TryDispatch(in WireMessage response)
    {
        if (response.GetString("requestId") is not { } id || !_requests.TryGetValue(id, out var request)) return false;
        request.OnResponse(response);
        return true;
    }

    /// <summary>
    /// Registers <paramref name="request"/>, publishes it, and waits for its responses up to
    /// <paramref name="timeout"/>; always unregisters it.
    /// </summary>
    /// <exception cref="RedisRequestTimeoutException">Not every server answered in time.</exception>
    public async Task<List<T>> RunAsync<T>(
        string requestId, CollectingRequest<T> request, Func<Task> publish, string operation, string nsp, TimeSpan timeout, TimeProvider time)
    {
        Add(requestId, request);
        try
        {
            // The clock starts once Redis took the request; answers arriving earlier complete the request anyway.
            await publish().ConfigureAwait(false);
            return await request.Completion.WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RedisRequestTimeoutException(operation, nsp, timeout, request.ExpectedResponses, request.ReceivedResponses);
        }
        finally
        {
            Remove(requestId);
        }
    }
}
