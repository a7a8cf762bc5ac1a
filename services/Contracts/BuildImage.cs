namespace Platform.Contracts;

/// <summary>
/// Build one image of a planned commit: a command on the builders' queue, taken by whichever builder
/// instance is free. Answered by <see cref="ImagePushed"/> or <see cref="ImageBuildFailed"/>.
/// </summary>
/// <param name="CorrelationId">The plan's correlation id, shared by every image of the commit.</param>
/// <param name="Image">Catalogue name of the image to build.</param>
/// <param name="Wave">The plan's wave the image belongs to.</param>
/// <param name="Reasons">Why the plan builds it: the files that changed, or the base that is rebuilt.</param>
/// <param name="Bases">The catalogue bases it starts from, as pushed: it is built from exactly these digests.</param>
/// <param name="Upstream">The upstream images it starts from whose digest the registry watcher announced: built from exactly those.</param>
/// <param name="BuildKey">
/// The idempotency key of this build: image, commit, inputs and pinned bases. One key is built at most once;
/// a command for a key already pushed re-announces that push instead of building a second digest.
/// </param>
/// <param name="RefTags">The tags of the revision it was planned for (<c>latest</c>, a branch's or a release tag's name); null: <c>latest</c>.</param>
/// <param name="Ref">The full ref it was planned for (<c>refs/heads/main</c>, <c>refs/tags/v1.2.0</c>); null: the builder's <c>Catalog:Ref</c>.</param>
public sealed record BuildImage(
    Guid CorrelationId,
    string Commit,
    string Image,
    int Wave,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<BaseImagePin> Bases,
    DateTimeOffset RequestedAt,
    IReadOnlyList<UpstreamImagePin>? Upstream = null,
    string? BuildKey = null,
    IReadOnlyList<string>? RefTags = null,
    string? Ref = null);

/// <summary>A catalogue base as pushed: its index digest and each platform's manifest digest.</summary>
public sealed record BaseImagePin(string Image, string Digest, IReadOnlyList<PlatformImage> Platforms);

/// <summary>An upstream image (python:3.12-slim) as the Dockerfile writes it, and the digest its tag had when the build was planned.</summary>
public sealed record UpstreamImagePin(string Reference, string Digest);
