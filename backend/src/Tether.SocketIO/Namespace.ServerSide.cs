using System.Collections.Concurrent;
using Tether.SocketIO.Internal;

namespace Tether.SocketIO;

public partial class Namespace
{
    private readonly ConcurrentDictionary<string, Func<SocketIOArgs, SocketAck?, Task>[]> _serverSideHandlers = new(StringComparer.Ordinal);

    /// <summary>
    /// Sends an event to the other Socket.IO servers of the cluster (their <see cref="OnServerSideEmit(string, Func{SocketIOArgs, Task})"/>
    /// handlers). With the in-memory adapter there are no other servers and this does nothing.
    /// </summary>
    public Task ServerSideEmitAsync(string eventName, params object?[] args)
    {
        ThrowIfReservedServerSide(eventName);
        return Adapter.ServerSideEmitAsync(EventPackets.Data(eventName, args));
    }

    /// <summary>
    /// Sends an event to the other servers and collects one acknowledgement per server; with the in-memory adapter
    /// the list is empty at once.
    /// </summary>
    /// <exception cref="SocketIOAckTimeoutException">Not every server replied within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<SocketIOArgs>> ServerSideEmitWithAckAsync(TimeSpan timeout, string eventName, params object?[] args)
    {
        ThrowIfReservedServerSide(eventName);
        return Adapter.ServerSideEmitWithAckAsync(EventPackets.Data(eventName, args), timeout);
    }

    /// <summary>Handles an event another server sent with <see cref="ServerSideEmitAsync"/>.</summary>
    public Namespace OnServerSideEmit(string eventName, Func<SocketIOArgs, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddServerSideHandler(eventName, (args, _) => handler(args));
    }

    /// <summary>Handles an event another server sent with <see cref="ServerSideEmitWithAckAsync"/>, replying through the ack.</summary>
    public Namespace OnServerSideEmit(string eventName, Func<SocketIOArgs, SocketAck, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return AddServerSideHandler(eventName, (args, ack) => handler(args, ack ?? (static _ => Task.CompletedTask)));
    }

    /// <summary>Delivers a server-side event received by the adapter from another server.</summary>
    internal async Task OnServerSideEmitReceivedAsync(string eventName, SocketIOArgs args, SocketAck? ack)
    {
        if (!_serverSideHandlers.TryGetValue(eventName, out var handlers)) return;
        foreach (var handler in handlers)
        {
            try
            {
                await handler(args, ack).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.ServerSideHandlerFailed(ServerImpl.NamespaceLogger, eventName, Name, ex);
            }
        }
    }

    private Namespace AddServerSideHandler(string eventName, Func<SocketIOArgs, SocketAck?, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        _serverSideHandlers.AddOrUpdate(eventName, static (_, h) => [h], static (_, existing, h) => [.. existing, h], handler);
        return this;
    }

    private static void ThrowIfReservedServerSide(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (eventName is "connect" or "connection" or "new_namespace")
            throw new ArgumentException($"\"{eventName}\" is a reserved event name.", nameof(eventName));
    }
}
