namespace Platform.RegistryWatcher.Watches;

/// <summary>
/// One watch: a repository in a registry and the tag it follows (or its tag policy, such as <c>semver ^1.2</c>).
/// </summary>
/// <param name="Registry">The registry as references write it (<c>docker.io</c>, <c>127.0.0.1:5001</c>), or null for the platform registry,
/// whose address may change between runs while its images stay the same.</param>
public sealed record WatchKey(string Image, string Tag, string? Registry = null)
{
    public override string ToString() => (Registry is null ? "" : Registry + "/") + Image + (Tag.Contains(' ') ? $" ({Tag})" : ":" + Tag);
}

/// <summary>Where a watch comes from.</summary>
public enum WatchOrigin
{
    /// <summary>A catalogue image in the platform registry, built by the builder.</summary>
    Catalogue,

    /// <summary>An image from outside the catalogue that a catalogue Dockerfile starts from or copies from.</summary>
    Upstream,

    /// <summary>An image from configuration, such as one a deployment names.</summary>
    Configured,
}

/// <summary>A watch with how it picks its tag, where it comes from, and how often it is polled.</summary>
/// <param name="UsedBy">For an upstream image: the catalogue images that start from it.</param>
public sealed record Watch(WatchKey Key, Policies.TagPolicy Policy, WatchOrigin Origin, TimeSpan Interval, IReadOnlyList<string> UsedBy)
{
    public override string ToString() => Key.ToString();
}
