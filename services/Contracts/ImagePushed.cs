namespace Platform.Contracts;

/// <summary>The builder pushed a new image for a commit; a hint that the registry watcher verifies.</summary>
/// <param name="CorrelationId">Ties one change together from commit to deployment.</param>
/// <param name="Image">Catalogue name of the image, which is also its repository path in the registry.</param>
/// <param name="Registry">Registry host and port the image was pushed to.</param>
/// <param name="Tags">Every tag that now points at <paramref name="Digest"/>.</param>
/// <param name="Digest">Digest of the image index the tags point at.</param>
/// <param name="Commit">Full commit id the image was built from.</param>
/// <param name="Platforms">Each platform of the index and the digest of its manifest.</param>
/// <param name="BuiltBy">The builder instance that built it.</param>
public sealed record ImagePushed(
    Guid CorrelationId,
    string Image,
    string Registry,
    IReadOnlyList<string> Tags,
    string Digest,
    string Commit,
    DateTimeOffset PushedAt,
    IReadOnlyList<PlatformImage> Platforms,
    string? BuiltBy = null);
