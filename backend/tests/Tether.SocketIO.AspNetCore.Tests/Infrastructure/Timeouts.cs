namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>Bounds for every wait, so that a broken server fails a test quickly instead of hanging it.</summary>
internal static class Timeouts
{
    /// <summary>The longest any single expected thing (an event, a connection, an ack) may take.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    /// <summary>Cancels after <see cref="Default"/>.</summary>
    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;
}
