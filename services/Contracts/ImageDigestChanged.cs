namespace Platform.Contracts;

/// <summary>A watched tag points at a new digest; announced once per transition.</summary>
/// <param name="PreviousDigest">The digest announced before, or null the first time the tag is seen.</param>
/// <param name="Commit">The commit the digest was built from when the builder said so, else null.</param>
public sealed record ImageDigestChanged(
    Guid CorrelationId,
    string Image,
    string Registry,
    string Tag,
    string? PreviousDigest,
    string Digest,
    string? Commit,
    DigestSource DetectedBy,
    DateTimeOffset DetectedAt);
