using System.Text;

namespace Tether.Benchmarks;

/// <summary>The payloads the load benchmarks also use (bench/README.md), so micro and macro numbers line up.</summary>
internal static class Payloads
{
    public static readonly string Pad = new('x', 64);

    /// <summary>What a controller emits after an upload.</summary>
    public sealed record ResourceUploaded(string SessionId, int Seq, long Ts, string Pad);

    /// <summary>The echo argument the load generator sends.</summary>
    public sealed record EchoArgument(long Seq, long Ts, string Pad);

    public static ResourceUploaded Uploaded() => new("s1", 7, 1234567890, Pad);

    /// <summary>A typical inbound event with an ack id, as the Socket.IO packet text (no Engine.IO prefix).</summary>
    public static readonly byte[] EchoPacket = Encoding.UTF8.GetBytes($"2/video,12[\"echo\",{{\"seq\":12,\"ts\":1234567890,\"pad\":\"{Pad}\"}}]");
}
