using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using VideoConf.Storage.Contract;

namespace VideoConf.Auth;

/// <summary>
/// The key that signs and validates development tokens: <c>Auth:SigningKey</c> when configured, otherwise a random
/// key generated once and kept in <c>&lt;data&gt;/keys/jwt-signing.key</c>, so tokens survive a restart and every
/// process sharing the data folder accepts the same tokens. Never a key compiled into the code.
/// </summary>
internal sealed class SigningKeyProvider
{
    private const string KeyFileName = "jwt-signing.key";
    private const int MinKeyBytes = 32;

    public SigningKeyProvider(IOptions<AuthOptions> options, DataFolder data, ILogger<SigningKeyProvider> logger)
    {
        var configured = options.Value.SigningKey;
        byte[] bytes;
        if (!string.IsNullOrEmpty(configured))
        {
            bytes = Encoding.UTF8.GetBytes(configured);
            if (bytes.Length < MinKeyBytes)
                throw new InvalidOperationException($"Auth:SigningKey must be at least {MinKeyBytes} bytes long.");
        }
        else
        {
            bytes = LoadOrCreate(Path.Combine(data.Sub("keys"), KeyFileName), logger);
        }

        Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path, ILogger logger)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (File.Exists(path))
            {
                var text = File.ReadAllText(path).Trim();
                // Another process may have created the file a moment ago and still be writing it.
                if (text.Length > 0) return Convert.FromBase64String(text);
            }
            else
            {
                var key = RandomNumberGenerator.GetBytes(64);
                try
                {
                    // CreateNew: when two processes start together, exactly one creates the key; the other reads it.
                    using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    using (var writer = new StreamWriter(file))
                    {
                        writer.Write(Convert.ToBase64String(key));
                    }
                    logger.LogInformation("Generated a development token signing key in {Path}", path);
                    return key;
                }
                catch (IOException) when (File.Exists(path))
                {
                    // Lost the race; read the winner's key on the next turn.
                }
            }

            if (attempt >= 50) throw new InvalidOperationException($"Could not read the signing key file {path}.");
            Thread.Sleep(20);
        }
    }
}
