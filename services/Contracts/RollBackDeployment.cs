namespace Platform.Contracts;

/// <summary>
/// Put <paramref name="ToDigest"/> back in place of <paramref name="FromDigest"/> in one deployment of
/// <paramref name="Environment"/> (<c>platform rollback</c>). Only that environment's deployer acts on it, at most
/// once per <paramref name="RollbackKey"/>; a rollback whose <paramref name="FromDigest"/> no longer serves is a
/// no-op. The rolled-back digest is not promoted to that environment again.
/// </summary>
/// <param name="RollbackKey">The idempotency key: <c>&lt;environment&gt;/&lt;deployment&gt;/&lt;from&gt;-&gt;&lt;to&gt;</c>.</param>
public sealed record RollBackDeployment(
    Guid CorrelationId,
    string Environment,
    string Deployment,
    string FromDigest,
    string ToDigest,
    string RollbackKey,
    string RequestedBy,
    string? Reason,
    DateTimeOffset RequestedAt);
