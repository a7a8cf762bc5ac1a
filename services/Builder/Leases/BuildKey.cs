using System.Security.Cryptography;
using System.Text;
using Platform.Contracts;

namespace Platform.Builder.Leases;

/// <summary>
/// The idempotency key of one build: the image, the commit, the digest of its inputs and the digests it
/// starts from. Two commands with one key would build the same thing; the second must not make a second digest.
/// </summary>
public static class BuildKey
{
    public static string Of(string image, string commit, string inputsDigest, IEnumerable<BaseImagePin> bases, IEnumerable<UpstreamImagePin> upstream)
    {
        var text = new StringBuilder()
            .Append(image).Append('\n')
            .Append(commit).Append('\n')
            .Append(inputsDigest).Append('\n');
        foreach (var pin in bases.OrderBy(b => b.Image, StringComparer.Ordinal))
        {
            text.Append("base ").Append(pin.Image).Append('=').Append(pin.Digest).Append('\n');
        }

        foreach (var pin in upstream.OrderBy(u => u.Reference, StringComparer.Ordinal))
        {
            text.Append("upstream ").Append(pin.Reference).Append('=').Append(pin.Digest).Append('\n');
        }

        return "bk-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..40];
    }
}
