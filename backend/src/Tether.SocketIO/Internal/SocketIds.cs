using System.Buffers.Text;
using System.Security.Cryptography;

namespace Tether.SocketIO.Internal;

/// <summary>Socket ids: 120 random bits from the OS CSPRNG, base64url (20 chars), like Node's base64id.</summary>
internal static class SocketIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
