using Platform.Contracts;

namespace Platform.Builder.Workers.Building;

/// <summary>An image as last pushed: its index digest and the manifest digest of each platform.</summary>
public sealed record PushedImage(string Digest, IReadOnlyList<PlatformImage> Platforms)
{
    /// <summary>The digest to build from for one platform: its own manifest, so that the engine never reuses another platform's pull.</summary>
    public string? DigestFor(string platform) =>
        Platforms.Count == 0 ? Digest : Platforms.FirstOrDefault(p => p.Platform == platform)?.Digest;
}
