using System.Security.Cryptography;

namespace Tether.SocketIO.Redis.Internal;

/// <summary>Random ids for servers and requests (Node uses 6 random characters; a few more cost nothing).</summary>
internal static class RequestIds
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string New(int length = 10) => RandomNumberGenerator.GetString(Alphabet, length);
}
