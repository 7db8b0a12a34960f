namespace Tether.SocketIO.AspNetCore.Tests.Infrastructure;

/// <summary>Which real client library drives a test.</summary>
public enum ClientKind
{
    /// <summary>The unmodified npm socket.io-client 4.x, run by crosslang/driver.mjs.</summary>
    Node,
    /// <summary>The SocketIOClient 3.0.6 NuGet package.</summary>
    DotNet,
}

/// <summary>How the client reaches the server.</summary>
public enum TransportMode
{
    /// <summary>HTTP long-polling only.</summary>
    Polling,
    /// <summary>WebSocket only (no polling handshake).</summary>
    WebSocket,
    /// <summary>Polling handshake, then upgrade to WebSocket.</summary>
    PollingThenUpgrade,
}

/// <summary>Theory data: every client × every transport mode, or the Node client alone.</summary>
public static class ClientMatrix
{
    /// <summary>Both clients over the three transport modes.</summary>
    public static TheoryData<ClientKind, TransportMode> All()
    {
        var data = new TheoryData<ClientKind, TransportMode>();
        foreach (var kind in Enum.GetValues<ClientKind>())
            foreach (var mode in Enum.GetValues<TransportMode>())
                data.Add(kind, mode);
        return data;
    }

    /// <summary>The npm client over the three transport modes (for what only it can do: Manager, raw writes, pongs).</summary>
    public static TheoryData<TransportMode> NodeOnly()
    {
        var data = new TheoryData<TransportMode>();
        foreach (var mode in Enum.GetValues<TransportMode>()) data.Add(mode);
        return data;
    }
}
