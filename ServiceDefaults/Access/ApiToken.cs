using System.Security.Cryptography;
using System.Text;

namespace Platform.ServiceDefaults.Access;

/// <summary>The bearer token of <c>Authorization</c> headers, and its comparison in constant time.</summary>
public static class ApiToken
{
    public const string Scheme = "Bearer";

    /// <summary>The token of <c>Bearer &lt;token&gt;</c> (scheme in any case); null when the header is not of that form.</summary>
    public static string? FromHeader(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[(Scheme.Length + 1)..].Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>Hashes of equal length compared in constant time: how long it takes says nothing of how much of the token was right.</summary>
    public static bool Matches(string sent, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
