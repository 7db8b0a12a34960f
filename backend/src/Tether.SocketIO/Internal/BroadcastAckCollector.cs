using Tether.SocketIO.Adapters;
using Tether.SocketIO.Parsing;

namespace Tether.SocketIO.Internal;

/// <summary>
/// Gathers the replies of an acknowledged broadcast. Complete once every server reported how many clients it
/// reached and that many replies arrived (Node's BroadcastOperator logic), or time out with the partial replies.
/// </summary>
internal sealed class BroadcastAckCollector
{
    private readonly object _gate = new();
    private readonly List<SocketIOArgs> _replies = new();
    private readonly TaskCompletionSource<IReadOnlyList<SocketIOArgs>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expectedServers = -1;
    private int _reportedServers;
    private int _expectedClients;

    public static async Task<IReadOnlyList<SocketIOArgs>> RunAsync(Namespace nsp, OutgoingPacket packet, BroadcastOptions opts, TimeSpan timeout)
    {
        var collector = new BroadcastAckCollector();
        // The clock starts before the packet leaves, as in Node.
        var waiting = collector._done.Task.WaitAsync(timeout, nsp.ServerImpl.TimeProvider);
        try
        {
            await nsp.Adapter.BroadcastWithAckAsync(packet, opts, collector.OnClientCount, collector.OnReply).ConfigureAwait(false);
            collector.OnServerCount(await nsp.Adapter.ServerCountAsync().ConfigureAwait(false));
            return await waiting.ConfigureAwait(false);
        }
        catch (TimeoutException) when (waiting.IsFaulted)
        {
            throw new SocketIOAckTimeoutException("The broadcast acknowledgements did not all arrive in time.", collector.Snapshot());
        }
        finally
        {
            // Observe the waiting task whatever happened to the broadcast, so its timeout never goes unobserved.
            _ = waiting.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        }
    }

    private void OnClientCount(int count)
    {
        lock (_gate)
        {
            _expectedClients += count;
            _reportedServers++;
            CheckComplete();
        }
    }

    private void OnReply(SocketIOArgs reply)
    {
        lock (_gate)
        {
            if (_done.Task.IsCompleted) return;
            _replies.Add(reply);
            CheckComplete();
        }
    }

    private void OnServerCount(int count)
    {
        lock (_gate)
        {
            _expectedServers = count;
            CheckComplete();
        }
    }

    private void CheckComplete()
    {
        if (_expectedServers == _reportedServers && _replies.Count >= _expectedClients)
            _done.TrySetResult(_replies.ToArray());
    }

    private IReadOnlyList<SocketIOArgs> Snapshot()
    {
        lock (_gate) return _replies.ToArray();
    }
}
