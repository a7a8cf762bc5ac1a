namespace Platform.Contracts;

/// <summary>A digest that qualified in <paramref name="SourceEnvironment"/> now runs in <paramref name="Environment"/> (a service is healthy; a job's next run uses it).</summary>
/// <param name="PreviousDigest">The digest it replaced, if one ran.</param>
public sealed record DigestPromoted(
    Guid CorrelationId,
    string Environment,
    string Deployment,
    string Digest,
    string? Commit,
    string SourceEnvironment,
    string? PreviousDigest,
    string PromotionKey,
    string RequestedBy,
    DateTimeOffset PromotedAt);
