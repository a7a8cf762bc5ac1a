using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Platform.Console.Access;

/// <summary>The console password (Aspire secret parameter <c>console-password</c>), compared in constant time.</summary>
public sealed class PasswordCheck(IOptions<ConsoleOptions> options)
{
    public bool Enabled => !string.IsNullOrEmpty(options.Value.Password);

    public bool Matches(string? attempt)
    {
        if (!Enabled || string.IsNullOrEmpty(attempt))
        {
            return false;
        }

        // Hashes of equal length, so the comparison takes as long whatever the attempt is.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(attempt)), SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Password!)));
    }
}
