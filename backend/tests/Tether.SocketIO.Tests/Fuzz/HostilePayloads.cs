using System.Text;

namespace Tether.SocketIO.Tests.Fuzz;

/// <summary>
/// Engine.IO message contents a hostile or broken client might send, mixed with valid Socket.IO traffic. Each is one
/// Engine.IO message: text (the Socket.IO packet after the Engine.IO "4") or binary (an attachment).
/// </summary>
internal static class HostilePayloads
{
    private static readonly string[] Valid =
    [
        "2[\"echo\",1]",
        "21[\"echo\",\"a\",{\"b\":[1,2,3]}]",
        "2[\"join\",\"room\"]",
        "2[\"shout\",\"room\",\"hi\"]",
        "3/nope,0[]",
        "0",
        "0/other,",
        "1",
    ];

    public static (bool Binary, byte[] Data) Next(Random random)
    {
        switch (random.Next(14))
        {
            case 0 or 1 or 2:
                return Text(Valid[random.Next(Valid.Length)]);
            case 3: // random bytes as text
                return (false, RandomBytes(random, random.Next(0, 200)));
            case 4: // a valid packet cut short
            {
                var valid = Valid[random.Next(Valid.Length)];
                return Text(valid[..random.Next(0, valid.Length)]);
            }
            case 5: // deep nesting
            {
                var depth = random.Next(10, 3000);
                return Text("2[\"echo\"," + new string('[', depth) + new string(']', random.Next(0, depth + 1)) + "]");
            }
            case 6: // huge or absurd attachment counts
                return Text(random.Next(3) switch
                {
                    0 => "5" + random.Next(11, int.MaxValue) + "-[\"f\",{\"_placeholder\":true,\"num\":0}]",
                    1 => "599999999999999999999-[\"f\"]",
                    _ => "6-1[{\"_placeholder\":true,\"num\":0}]",
                });
            case 7: // bad placeholders
                return Text(random.Next(4) switch
                {
                    0 => "51-[\"f\",{\"_placeholder\":true,\"num\":5}]",
                    1 => "51-[\"f\",{\"_placeholder\":true,\"num\":\"0\"}]",
                    2 => "52-[\"f\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]",
                    _ => "51-[\"f\",{\"_placeholder\":true}]",
                });
            case 8: // a valid binary event with its attachment
                return random.Next(2) == 0 ? Text("51-[\"echo\",{\"_placeholder\":true,\"num\":0}]") : (true, RandomBytes(random, random.Next(0, 64)));
            case 9: // binary with no pending packet
                return (true, RandomBytes(random, random.Next(0, 300)));
            case 10: // invalid UTF-8 inside an otherwise plausible packet
            {
                var prefix = Encoding.UTF8.GetBytes("2[\"echo\",\"");
                byte[] bad = [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80];
                return (false, [.. prefix, .. bad.Take(random.Next(1, bad.Length + 1)), .. "\"]"u8.ToArray()]);
            }
            case 11: // oversized for the test's MaxHttpBufferSize
                return Text("2[\"echo\",\"" + new string('x', random.Next(60_000, 150_000)) + "\"]");
            case 12: // odd namespaces and ids
                return Text(random.Next(3) switch
                {
                    0 => "2/" + new string('n', random.Next(0, 500)) + ",[\"x\"]",
                    1 => "299999999999999999999999[\"x\"]",
                    _ => "2-1[\"x\"]",
                });
            default: // reserved or wrongly typed event names
                return Text(random.Next(3) switch
                {
                    0 => "2[\"connect\"]",
                    1 => "2[42]",
                    _ => "2[]",
                });
        }
    }

    private static (bool, byte[]) Text(string s) => (false, Encoding.UTF8.GetBytes(s));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
