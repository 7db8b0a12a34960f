using System.Text.Json;
using Tether.SocketIO.Redis.Internal.Wire;

namespace Tether.SocketIO.Redis.Internal.Requests;

/// <summary>
/// An acknowledged broadcast this server published: other servers report how many of their clients it reached
/// (BROADCAST_CLIENT_COUNT) and forward each client's acknowledgement (BROADCAST_ACK) to the library's collector.
/// </summary>
internal sealed class AckBroadcastRequest(Action<int> clientCountCallback, Action<SocketIOArgs> ackCallback, JsonSerializerOptions options)
    : PendingRequest
{
    public override void OnResponse(in WireMessage response)
    {
        switch ((RequestType?)response.GetInt32("type"))
        {
            case RequestType.BroadcastClientCount:
                clientCountCallback(response.GetInt32("clientCount") ?? 0);
                break;
            case RequestType.BroadcastAck:
                var packet = response.Get("packet");
                // Only the first argument of each client's reply crosses servers (Node's wire format).
                ackCallback(packet.ValueKind == JsonValueKind.Undefined
                    ? SocketIOArgs.Empty
                    : PacketData.ToArgs([Tether.SocketIO.Parsing.PlaceholderNodes.ToValue(packet, response.Attachments)], options));
                break;
        }
    }
}
