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
/// <param name="BuildKey">The idempotency key of the build (see <see cref="BuildImage.BuildKey"/>).</param>
/// <param name="AttemptId">The attempt that pushed it or, when <paramref name="Resumed"/>, that found it pushed.</param>
/// <param name="Resumed">True when an earlier attempt at the same build key had pushed the index (and stopped before announcing it, or
/// the branch moved away and back): this attempt only set the tags.</param>
public sealed record ImagePushed(
    Guid CorrelationId,
    string Image,
    string Registry,
    IReadOnlyList<string> Tags,
    string Digest,
    string Commit,
    DateTimeOffset PushedAt,
    IReadOnlyList<PlatformImage> Platforms,
    string? BuiltBy = null,
    string? BuildKey = null,
    Guid? AttemptId = null,
    bool Resumed = false);
