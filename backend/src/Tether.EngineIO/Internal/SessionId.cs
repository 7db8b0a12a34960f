using System.Buffers.Text;
using System.Security.Cryptography;

namespace Tether.EngineIO.Internal;

/// <summary>Generates session ids: 15 random bytes as base64url (20 URL-safe characters, like Node's base64id).</summary>
internal static class SessionId
{
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
