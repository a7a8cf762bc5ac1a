namespace Platform.Contracts;

/// <summary>
/// Promote a digest that qualified in its source environment to a deployment of <paramref name="Environment"/>:
/// sent by that environment's deployer when a digest qualifies (<c>approval: auto</c>) or when someone approves
/// it (<c>platform promote</c>). Only the deployer of <paramref name="Environment"/> acts on it, and at most once
/// per <paramref name="PromotionKey"/>: a second identical command is a no-op.
/// </summary>
/// <param name="CorrelationId">Ties the promotion to its rollout and its events.</param>
/// <param name="Deployment">The service or job, named as in both environment files.</param>
/// <param name="SourceStint">The source environment's ledger entry of the digest (the run of it that qualified).</param>
/// <param name="PromotionKey">The idempotency key: <c>&lt;environment&gt;/&lt;deployment&gt;/&lt;digest&gt;/&lt;source&gt;#&lt;stint&gt;</c>.</param>
/// <param name="RequestedBy">Who asked: <c>auto</c>, or what the approval names (<c>platform promote</c>, a user).</param>
public sealed record PromoteDigest(
    Guid CorrelationId,
    string Environment,
    string Deployment,
    string Digest,
    string? Commit,
    string SourceEnvironment,
    long SourceStint,
    string PromotionKey,
    string RequestedBy,
    DateTimeOffset RequestedAt);
