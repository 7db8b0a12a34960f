using System.Text;
using CsCheck;
using Tether.SocketIO.Parsing;
using static Tether.SocketIO.Tests.Parsing.PacketTestHelpers;

namespace Tether.SocketIO.Tests.Parsing;

/// <summary>
/// Property: whatever a client sends, the decoder either returns a packet or throws
/// <see cref="SocketIOProtocolException"/> — and what it returns can be bound without surprises.
/// </summary>
public class DecoderFuzzTests
{
    // Bounded for CI; set TETHER_FUZZ_ITERATIONS for a longer local run.
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("TETHER_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 400;

    // Characters that matter to the grammar, so random strings reach deep into the parser.
    private const string Alphabet = "0123456789-/,[]{}\":._ ptrueflsnmhdcx\\\u00e9\ud83d\ude00";

    private static readonly string[] Seeds =
    [
        "0", "0/admin,{\"token\":\"x\"}", "2[\"hello\",1]", "2/admin,12[\"ev\"]", "3/admin,12[\"ok\"]",
        "51-[\"img\",{\"_placeholder\":true,\"num\":0}]", "61-/nsp,3[{\"_placeholder\":true,\"num\":0}]",
        "4{\"message\":\"Invalid namespace\"}", "1/admin,", "52-[\"a\",{\"_placeholder\":true,\"num\":1},[{\"_placeholder\":true,\"num\":0}]]",
    ];

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 64];

    private static readonly Gen<byte[]> GrammarStrings =
        Gen.Char[Alphabet].Array[0, 48].Select(chars => Encoding.UTF8.GetBytes(new string(chars)));

    /// <summary>A valid packet with a few random bytes replaced, inserted or removed.</summary>
    private static readonly Gen<byte[]> MutatedPackets =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, 3].Array[1, 4], Gen.Int[0, 1000].Array[4], Gen.Byte.Array[4])
            .Select((seed, ops, positions, values) =>
            {
                var bytes = Encoding.UTF8.GetBytes(Seeds[seed]).ToList();
                for (var i = 0; i < ops.Length; i++)
                {
                    var at = bytes.Count == 0 ? 0 : positions[i] % bytes.Count;
                    switch (ops[i])
                    {
                        case 0 when bytes.Count > 0: bytes[at] = values[i]; break;
                        case 1: bytes.Insert(at, values[i]); break;
                        case 2 when bytes.Count > 0: bytes.RemoveAt(at); break;
                        default: bytes.Insert(at, (byte)Alphabet[values[i] % 20]); break;
                    }
                }
                return bytes.ToArray();
            });

    [Fact]
    public void Random_bytes_only_ever_fail_with_a_protocol_error()
        => RandomBytes.Sample(DecodeOnce, iter: Iterations, threads: 1);

    [Fact]
    public void Random_grammar_strings_only_ever_fail_with_a_protocol_error()
        => GrammarStrings.Sample(DecodeOnce, iter: Iterations, threads: 1);

    [Fact]
    public void Mutated_packets_only_ever_fail_with_a_protocol_error()
        => MutatedPackets.Sample(DecodeOnce, iter: Iterations, threads: 1);

    [Fact]
    public void Random_message_sequences_only_ever_fail_with_a_protocol_error()
        => Gen.Select(Gen.Bool, Gen.OneOf(MutatedPackets, GrammarStrings, RandomBytes)).Array[1, 6]
            .Sample(messages =>
            {
                var decoder = NewDecoder();
                foreach (var (isBinary, bytes) in messages)
                {
                    try
                    {
                        var packet = isBinary ? decoder.DecodeBinary(bytes) : decoder.DecodeText(bytes);
                        if (packet is not null) Exercise(packet);
                    }
                    catch (SocketIOProtocolException)
                    {
                        decoder = NewDecoder(); // the connection would be closed; start a new one
                    }
                }
            }, iter: Iterations, threads: 1);

    private static void DecodeOnce(byte[] bytes)
    {
        try
        {
            var decoder = NewDecoder();
            var packet = decoder.DecodeText(bytes);
            // Feed the announced attachments, so binary packets complete too.
            while (packet is null && decoder.IsAwaitingAttachments) packet = decoder.DecodeBinary(bytes);
            if (packet is not null) Exercise(packet);
        }
        catch (SocketIOProtocolException)
        {
        }
    }

    /// <summary>Uses a decoded packet the way the server would, to catch packets that decode but cannot be used.</summary>
    private static void Exercise(IncomingPacket packet)
    {
        _ = packet.EventName;
        _ = packet.Namespace;
        var args = packet.Args;
        _ = args.ToArray();
        for (var i = 0; i < args.Count; i++) _ = args.GetJson(i).GetRawText();
    }
}
