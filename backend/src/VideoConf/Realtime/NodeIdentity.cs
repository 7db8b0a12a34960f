namespace VideoConf.Realtime;

/// <summary>
/// This process among the app's processes: a fresh random id per start (a restarted process is a new node), stamped
/// on each of its sockets' presence and answered to the other processes' liveness queries.
/// </summary>
internal sealed class NodeIdentity
{
    public string Id { get; } = Guid.NewGuid().ToString("N");
}
