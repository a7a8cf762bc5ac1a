namespace Platform.Contracts;

/// <summary>
/// A new version never became healthy, so the previous one kept or got back its place. Published
/// besides <see cref="DeploymentFailed"/> whenever a previous version serves again.
/// </summary>
/// <param name="FailedDigest">The digest that was rolled out and abandoned.</param>
/// <param name="RestoredDigest">The digest that serves again.</param>
/// <param name="LogTail">The last log lines of the new version's container, stdout and stderr in the order written (empty for a rollback on command).</param>
/// <param name="Environment">The environment whose deployer rolled back (<c>beta</c>, <c>prod</c>); null from a deployer older than promotions.</param>
/// <param name="Commit">The commit the failed digest was built from, when the deployer knows it.</param>
public sealed record DeploymentRolledBack(
    Guid CorrelationId,
    string Service,
    string Image,
    string FailedDigest,
    string RestoredDigest,
    string Reason,
    IReadOnlyList<string> LogTail,
    DateTimeOffset RolledBackAt,
    string? Environment = null,
    string? Commit = null);
