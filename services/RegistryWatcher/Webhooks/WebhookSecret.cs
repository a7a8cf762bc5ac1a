using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Platform.RegistryWatcher.Webhooks;

/// <summary>The shared secret of the webhooks, compared in constant time; no secret configured means every call is refused.</summary>
public sealed class WebhookSecret(IOptions<WatcherOptions> options)
{
    public bool IsConfigured => options.Value.Webhooks.Secret is { Length: > 0 };

    /// <summary><c>Authorization: Bearer &lt;secret&gt;</c>, or <c>?secret=</c> where the sender cannot set headers (Docker Hub).</summary>
    public bool Accepts(HttpRequest request, bool allowQuery)
    {
        var given = request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header[7..].Trim()
            : allowQuery ? request.Query["secret"].ToString() : null;
        return Matches(options.Value.Webhooks.Secret, given);
    }

    /// <summary>Hashes first, so that neither the length nor any prefix of the secret shows in the time taken.</summary>
    public static bool Matches(string? expected, string? given) =>
        expected is { Length: > 0 } && given is { Length: > 0 }
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
