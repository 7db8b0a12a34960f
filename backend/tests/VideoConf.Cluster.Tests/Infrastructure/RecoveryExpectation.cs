using System.Reflection;
using Tether.SocketIO.Redis;

namespace VideoConf.Cluster.Tests.Infrastructure;

/// <summary>
/// Whether connection state recovery is expected to work across processes: the Redis adapter restores sessions
/// itself (rather than inheriting the in-process store of the in-memory adapter), or
/// <c>VIDEOCONF_EXPECT_CLUSTER_RECOVERY=1</c> says so (<c>=0</c> says it is not).
/// </summary>
public static class RecoveryExpectation
{
    public static bool AcrossProcesses(out string why)
    {
        switch (Environment.GetEnvironmentVariable("VIDEOCONF_EXPECT_CLUSTER_RECOVERY"))
        {
            case "1" or "true":
                why = "VIDEOCONF_EXPECT_CLUSTER_RECOVERY=1";
                return true;
            case "0" or "false":
                why = "VIDEOCONF_EXPECT_CLUSTER_RECOVERY=0";
                return false;
        }
        var restore = typeof(RedisAdapter).GetMethod("RestoreSessionAsync", BindingFlags.Public | BindingFlags.Instance);
        var own = restore?.DeclaringType?.Assembly == typeof(RedisAdapter).Assembly;
        why = own
            ? "RedisAdapter overrides RestoreSessionAsync"
            : $"RestoreSessionAsync comes from {restore?.DeclaringType?.Name ?? "nowhere"}, not the Redis adapter";
        return own;
    }
}
