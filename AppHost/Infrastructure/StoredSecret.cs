using System.Security.Cryptography;

namespace Platform.AppHost.Infrastructure;

/// <summary>
/// A generated secret kept beside the data it protects (readable by the owner only), so that a broker
/// whose users were created on first start keeps accepting the same password on every later start.
/// </summary>
internal static class StoredSecret
{
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = RandomNumberGenerator.GetString(Alphabet, 24);
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }
}
