namespace Tether.SocketIO.Redis.Tests.Infrastructure;

/// <summary>A fresh channel prefix per test, so tests sharing one Redis never hear each other.</summary>
internal static class Keys
{
    public static string New() => "t" + Guid.NewGuid().ToString("N")[..10];
}
