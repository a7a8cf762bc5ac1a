namespace Platform.Contracts;

/// <summary>A redeploy did not succeed; the previous container, if any, keeps running.</summary>
/// <param name="Environment">The environment whose deployer tried (<c>beta</c>, <c>prod</c>); null from a deployer older than promotions.</param>
/// <param name="Commit">The commit the digest was built from, when the deployer knows it.</param>
public sealed record DeploymentFailed(
    Guid CorrelationId,
    string Service,
    string Image,
    string Digest,
    string Reason,
    IReadOnlyList<string> LogTail,
    DateTimeOffset FailedAt,
    string? Environment = null,
    string? Commit = null);
