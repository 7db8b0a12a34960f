using VideoConf.Tests.Infrastructure;

namespace VideoConf.Tests.Security;

/// <summary>
/// Base of the security tests: an <see cref="AppTest"/> whose host does not wait the default 10 s at shutdown for
/// Engine.IO sessions the test clients left open (refused or abandoned handshakes are the point of several tests).
/// </summary>
public abstract class SecurityTest : AppTest
{
    protected virtual IDictionary<string, string?> MoreSettings => new Dictionary<string, string?>();

    protected sealed override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = new Dictionary<string, string?> { ["SocketIO:Engine:ShutdownTimeout"] = "00:00:01" };
            foreach (var (key, value) in MoreSettings) settings[key] = value;
            return settings;
        }
    }
}
