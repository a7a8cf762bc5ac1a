using System.Security.Cryptography;
using System.Text;

namespace Platform.Builder.Coordinator.Webhooks;

/// <summary>Secret and signature checks in constant time: neither the secret's length nor a matching prefix shows in the time taken.</summary>
internal static class WebhookSignatures
{
    /// <summary>True when <paramref name="givenHex"/> is the hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="secret"/>.</summary>
    public static bool HmacSha256Matches(string secret, ReadOnlySpan<byte> body, string? givenHex)
    {
        if (givenHex is not { Length: 64 })
        {
            return false;
        }

        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(givenHex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>True when a secret sent as it is equals the configured one; both are hashed first so that their lengths do not show.</summary>
    public static bool SecretMatches(string secret, string? given) =>
        given is { Length: > 0 }
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
